import { z } from 'zod'

// zod schemas for every raw Lambda event shape faasport reads. They describe what the platform sends (loose:
// extra fields allowed, as AWS adds fields over time); faasport never runs them on the hot path.

const stringMap = z.record(z.string(), z.string())
const multiStringMap = z.record(z.string(), z.array(z.string()))
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

/** API Gateway REST API proxy event (payload format 1.0). */
export const apiGatewayV1 = z.looseObject({
  resource: z.string(),
  path: z.string(),
  httpMethod: z.string(),
  headers: nullable(stringMap),
  multiValueHeaders: nullable(multiStringMap),
  queryStringParameters: nullable(stringMap),
  multiValueQueryStringParameters: nullable(multiStringMap),
  pathParameters: nullable(stringMap),
  stageVariables: nullable(stringMap),
  requestContext: z.looseObject({
    accountId: z.string(),
    apiId: z.string(),
    httpMethod: z.string(),
    path: z.string(),
    stage: z.string(),
    requestId: z.string(),
    requestTimeEpoch: z.number(),
    identity: z.looseObject({ sourceIp: z.string() }),
  }),
  body: nullable(z.string()),
  isBase64Encoded: z.boolean(),
})

const v2Base = {
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string(),
  cookies: z.array(z.string()).optional(),
  headers: stringMap,
  queryStringParameters: stringMap.optional(),
  pathParameters: stringMap.optional(),
  stageVariables: stringMap.optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean(),
}

const v2Context = {
  accountId: z.string(),
  apiId: z.string(),
  domainName: z.string(),
  http: z.looseObject({ method: z.string(), path: z.string(), protocol: z.string(), sourceIp: z.string(), userAgent: z.string() }),
  requestId: z.string(),
  routeKey: z.string(),
  stage: z.string(),
  time: z.string(),
  timeEpoch: z.number(),
}

/** API Gateway HTTP API event (payload format 2.0). */
export const apiGatewayV2 = z.looseObject({ ...v2Base, requestContext: z.looseObject(v2Context) })

/** Lambda Function URL event (payload format 2.0 on a `lambda-url` domain). */
export const functionUrl = z.looseObject({
  ...v2Base,
  requestContext: z.looseObject({ ...v2Context, domainName: z.string().regex(/\.lambda-url\./) }),
})

/** Application Load Balancer event, with or without multi-value headers. */
export const alb = z.union([
  z.looseObject({
    requestContext: z.looseObject({ elb: z.looseObject({ targetGroupArn: z.string() }) }),
    httpMethod: z.string(),
    path: z.string(),
    headers: stringMap,
    queryStringParameters: stringMap.optional(),
    body: z.string(),
    isBase64Encoded: z.boolean(),
  }),
  z.looseObject({
    requestContext: z.looseObject({ elb: z.looseObject({ targetGroupArn: z.string() }) }),
    httpMethod: z.string(),
    path: z.string(),
    multiValueHeaders: multiStringMap,
    multiValueQueryStringParameters: multiStringMap.optional(),
    body: z.string(),
    isBase64Encoded: z.boolean(),
  }),
])

/** Amazon SQS batch. */
export const sqs = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        messageId: z.string(),
        receiptHandle: z.string(),
        body: z.string(),
        attributes: z.looseObject({ ApproximateReceiveCount: z.string(), SentTimestamp: z.string() }),
        messageAttributes: z.record(z.string(), z.looseObject({ dataType: z.string(), stringValue: z.string().optional(), binaryValue: z.string().optional() })),
        md5OfBody: z.string(),
        eventSource: z.literal('aws:sqs'),
        eventSourceARN: z.string(),
        awsRegion: z.string(),
      }),
    )
    .min(1),
})

/** Amazon SNS notification. */
export const sns = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        EventSource: z.literal('aws:sns'),
        EventVersion: z.string(),
        EventSubscriptionArn: z.string(),
        Sns: z.looseObject({
          MessageId: z.string(),
          TopicArn: z.string(),
          Message: z.string(),
          Timestamp: z.string(),
          Type: z.string(),
          Subject: z.string().nullable().optional(),
          MessageAttributes: z.record(z.string(), z.looseObject({ Type: z.string(), Value: z.string() })),
        }),
      }),
    )
    .min(1),
})

/** Amazon S3 event notification. */
export const s3 = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        eventVersion: z.string(),
        eventSource: z.literal('aws:s3'),
        awsRegion: z.string(),
        eventTime: z.string(),
        eventName: z.string(),
        s3: z.looseObject({
          bucket: z.looseObject({ name: z.string(), arn: z.string() }),
          object: z.looseObject({ key: z.string(), size: z.number().optional(), eTag: z.string().optional(), sequencer: z.string() }),
        }),
      }),
    )
    .min(1),
})

const eventBridgeBase = {
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
}

/** EventBridge scheduled event (schedule rules, and Scheduler schedules using the envelope input). */
export const scheduled = z.looseObject({
  ...eventBridgeBase,
  'detail-type': z.literal('Scheduled Event'),
  source: z.enum(['aws.events', 'aws.scheduler']),
})

/** Any EventBridge event. */
export const eventBridge = z.looseObject(eventBridgeBase)

/** Kinesis Data Streams batch (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html). */
export const kinesis = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        kinesis: z.looseObject({
          kinesisSchemaVersion: z.string(),
          partitionKey: z.string(),
          sequenceNumber: z.string(),
          data: z.base64(),
          approximateArrivalTimestamp: z.number(),
          encryptionType: z.string().optional(),
        }),
        eventSource: z.literal('aws:kinesis'),
        eventVersion: z.string(),
        eventID: z.string(),
        eventName: z.string(),
        invokeIdentityArn: z.string(),
        awsRegion: z.string(),
        eventSourceARN: z.string(),
      }),
    )
    .min(1),
})

/** One DynamoDB typed attribute value (`{ S }`, `{ N }`, `{ M }`...). */
export const dynamodbAttribute: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.strictObject({ S: z.string() }),
    z.strictObject({ N: z.string() }),
    z.strictObject({ B: z.base64() }),
    z.strictObject({ BOOL: z.boolean() }),
    z.strictObject({ NULL: z.literal(true) }),
    z.strictObject({ SS: z.array(z.string()) }),
    z.strictObject({ NS: z.array(z.string()) }),
    z.strictObject({ BS: z.array(z.base64()) }),
    z.strictObject({ L: z.array(dynamodbAttribute) }),
    z.strictObject({ M: z.record(z.string(), dynamodbAttribute) }),
  ]),
)

const dynamodbItem = z.record(z.string(), dynamodbAttribute)

/** DynamoDB Streams batch (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html). */
export const dynamodbStream = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        eventID: z.string(),
        eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
        eventSource: z.literal('aws:dynamodb'),
        eventVersion: z.string(),
        awsRegion: z.string(),
        eventSourceARN: z.string(),
        dynamodb: z.looseObject({
          ApproximateCreationDateTime: z.number().optional(),
          Keys: dynamodbItem,
          NewImage: dynamodbItem.optional(),
          OldImage: dynamodbItem.optional(),
          SequenceNumber: z.string(),
          SizeBytes: z.number(),
          StreamViewType: z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']),
        }),
      }),
    )
    .min(1),
})

const kafkaRecord = z.looseObject({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.number().int(),
  timestamp: z.number(),
  timestampType: z.enum(['CREATE_TIME', 'LOG_APPEND_TIME']),
  key: z.base64().optional(),
  value: z.base64().nullable(),
  headers: z.array(z.record(z.string(), z.array(z.number().int().min(0).max(255)))),
})

/** Amazon MSK batch (https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html), records by `topic-partition`. */
export const msk = z.looseObject({
  eventSource: z.literal('aws:kafka'),
  eventSourceArn: z.string(),
  bootstrapServers: z.string(),
  records: z.record(z.string(), z.array(kafkaRecord)),
})

/** Self-managed Apache Kafka batch (https://docs.aws.amazon.com/lambda/latest/dg/with-kafka.html). */
export const selfManagedKafka = z.looseObject({
  eventSource: z.literal('SelfManagedKafka'),
  bootstrapServers: z.string(),
  records: z.record(z.string(), z.array(kafkaRecord)),
})
