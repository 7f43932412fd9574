import { z } from 'zod'

// zod schemas for the raw SCF event shapes faasport reads. Loose: Tencent adds fields over time.

const stringMap = z.record(z.string(), z.string())
const queryString = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.literal(true)]))

/** API Gateway integration request. */
export const apiGateway = z.looseObject({
  requestContext: z.looseObject({ serviceId: z.string(), path: z.string(), httpMethod: z.string(), sourceIp: z.string().optional(), stage: z.string() }),
  headers: stringMap,
  headerParameters: z.record(z.string(), z.unknown()).optional(),
  pathParameters: stringMap.optional(),
  queryString: queryString.optional(),
  queryStringParameters: stringMap.optional(),
  path: z.string(),
  httpMethod: z.string(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
})

/** Function URL event of an event function (no requestContext; `queryString` may be missing when the URL has none). */
export const functionUrl = z.looseObject({
  headers: stringMap,
  httpMethod: z.string(),
  path: z.string(),
  queryString: queryString.optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
})

/** Timer trigger event. */
export const timer = z.looseObject({ Type: z.literal('Timer'), TriggerName: z.string(), Time: z.string(), Message: z.string().optional() })

/** COS trigger event. */
export const cos = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        cos: z.looseObject({
          cosBucket: z.looseObject({ name: z.string(), appid: z.string(), region: z.string() }),
          cosObject: z.looseObject({ key: z.string(), size: z.number(), url: z.string().optional() }),
        }),
        event: z.looseObject({ eventName: z.string(), eventSource: z.literal('qcs::cos'), eventTime: z.number() }),
      }),
    )
    .min(1),
})

/** CMQ topic trigger event. */
export const cmq = z.looseObject({
  Records: z.array(z.looseObject({ CMQ: z.looseObject({ msgBody: z.string(), msgId: z.string(), topicName: z.string().optional() }) })).min(1),
})

/** CKafka trigger event. */
export const ckafka = z.looseObject({
  Records: z.array(z.looseObject({ Ckafka: z.looseObject({ msgBody: z.string(), topic: z.string(), partition: z.number(), offset: z.number() }) })).min(1),
})
