import { z } from 'zod'

// zod schemas for the raw FunctionGraph event shapes faasport reads (the documented sample events). Loose:
// Huawei adds fields over time.

const stringOrList = z.union([z.string(), z.array(z.string())])

/** APIG trigger event. */
export const apig = z.looseObject({
  httpMethod: z.string(),
  path: z.string(),
  headers: z.record(z.string(), stringOrList),
  queryStringParameters: z.record(z.string(), stringOrList).optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z.looseObject({ apiId: z.string(), requestId: z.string(), stage: z.string(), sourceIp: z.string().optional() }),
})

/** Timer trigger event. */
export const timer = z.looseObject({ version: z.string().optional(), time: z.string(), trigger_type: z.literal('TIMER'), trigger_name: z.string(), user_event: z.string().optional() })

const obsSection = z.looseObject({
  bucket: z.looseObject({ name: z.string() }),
  object: z.looseObject({ key: z.string(), eTag: z.string().optional(), size: z.number().optional() }),
})

/** OBS trigger event: OBS's own format (`obs`) or the S3-compatible one (`s3`). */
export const obs = z.looseObject({
  Records: z
    .array(z.union([z.looseObject({ eventName: z.string(), eventTime: z.string().optional(), obs: obsSection }), z.looseObject({ eventName: z.string(), eventTime: z.string().optional(), s3: obsSection })]))
    .min(1),
})

/** SMN trigger event. */
export const smn = z.looseObject({
  record: z
    .array(
      z.looseObject({
        event_source: z.literal('smn'),
        smn: z.looseObject({ message: z.string(), message_id: z.string(), topic_urn: z.string().optional(), subject: z.string().optional(), timestamp: z.string().optional() }),
      }),
    )
    .min(1),
})

/** DMS for Kafka / RocketMQ trigger event. */
export const dms = z.looseObject({
  trigger_type: z.enum(['KAFKA', 'ROCKETMQ']),
  event_time: z.number().optional(),
  instance_id: z.string().optional(),
  records: z.array(z.looseObject({ messages: z.array(z.string()), topic_id: z.string() })).min(1),
})
