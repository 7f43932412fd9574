import { z } from 'zod'

// zod schemas for the raw Function Compute event shapes faasport reads (the JSON inside FC's Buffer).
// Loose: FC adds fields over time; faasport never runs them on the hot path.

const stringMap = z.record(z.string(), z.string())

/** FC 3.0 HTTP trigger event. */
export const httpV3 = z.looseObject({
  version: z.literal('v1'),
  rawPath: z.string(),
  headers: stringMap,
  queryParameters: stringMap,
  body: z.string(),
  isBase64Encoded: z.boolean(),
  requestContext: z.looseObject({
    accountId: z.string(),
    domainName: z.string(),
    domainPrefix: z.string(),
    requestId: z.string(),
    time: z.string(),
    timeEpoch: z.string(),
    http: z.looseObject({ method: z.string(), path: z.string(), protocol: z.string(), sourceIp: z.string(), userAgent: z.string() }),
  }),
})

/** API Gateway trigger event; `isBase64Encoded` is a boolean or its string form. */
export const apiGateway = z.looseObject({
  path: z.string(),
  httpMethod: z.string(),
  headers: stringMap,
  queryParameters: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  pathParameters: stringMap,
  body: z.string(),
  isBase64Encoded: z.union([z.boolean(), z.enum(['true', 'false'])]),
})

/** Time trigger event. */
export const timer = z.looseObject({ triggerTime: z.string(), triggerName: z.string(), payload: z.string().optional() })

// One OSS notification record: an entry of the OSS trigger's `events`, or the `data` of an OSS event from EventBridge.
const ossRecord = z.looseObject({
  eventName: z.string(),
  eventSource: z.literal('acs:oss'),
  eventTime: z.string(),
  region: z.string(),
  oss: z.looseObject({
    bucket: z.looseObject({ name: z.string(), arn: z.string().optional() }),
    object: z.looseObject({ key: z.string(), size: z.number().optional(), eTag: z.string().optional() }),
  }),
})

/** OSS trigger event. */
export const oss = z.looseObject({ events: z.array(ossRecord).min(1) })

/** MNS topic notification, JSON format (attributes are extra top-level fields). */
export const mnsTopic = z.looseObject({
  TopicOwner: z.string(),
  Message: z.string(),
  Subscriber: z.string(),
  // A number in FC's samples, a string of digits in MNS's JSON notify format.
  PublishTime: z.union([z.number(), z.string().regex(/^\d+$/)]),
  SubscriptionName: z.string(),
  MessageMD5: z.string(),
  TopicName: z.string(),
  MessageId: z.string(),
})

/** MNS topic notification, STREAM format. */
export const mnsStream = z.strictObject({ body: z.string(), attrs: stringMap })

/** A CloudEvents 1.0 envelope from Alibaba Cloud EventBridge (an MNS queue message, a Kafka record...); `data` is optional, as in CloudEvents. */
export const cloudEvent = z.looseObject({
  id: z.string(),
  source: z.string(),
  specversion: z.literal('1.0'),
  type: z.string(),
  subject: z.string().optional(),
  time: z.string().optional(),
  datacontenttype: z.string().optional(),
  data: z.unknown().optional(),
})

/** An OSS object event delivered through EventBridge (`oss:ObjectCreated:PutObject`...): `data` is one OSS notification record. */
export const ossEventBridge = cloudEvent.extend({ type: z.string().startsWith('oss:Object'), data: ossRecord })

function isJsonCloudEvent(text: string): boolean {
  try {
    return cloudEvent.safeParse(JSON.parse(text)).success
  } catch {
    return false
  }
}

/**
 * An EventBridge batch (Kafka, RocketMQ and others): a JSON array whose elements are CloudEvents envelopes, as
 * JSON strings (Kafka) or objects.
 */
export const eventBridgeBatch = z
  .array(z.union([z.string().refine(isJsonCloudEvent, 'must be a CloudEvents 1.0 envelope as JSON text'), cloudEvent]))
  .min(1)

/** Log Service (SLS) trigger event. */
export const sls = z.looseObject({
  source: z.looseObject({ endpoint: z.string(), projectName: z.string(), logstoreName: z.string(), shardId: z.number(), beginCursor: z.string(), endCursor: z.string() }),
  jobName: z.string(),
  taskId: z.string(),
  cursorTime: z.number(),
})
