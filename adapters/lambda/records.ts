import { isRecord } from '../../src/model/index.js'

/**
 * Whether `event` is a Lambda batch whose first record names `source` as its origin, under `field` (`eventSource`
 * for SQS, S3, Kinesis and DynamoDB; `EventSource` for SNS).
 */
export function isBatchFrom(event: unknown, source: string, field = 'eventSource'): event is { Records: unknown[] } {
  if (!isRecord(event) || !Array.isArray(event.Records)) return false
  const first: unknown = event.Records[0]
  return isRecord(first) && first[field] === source
}
