import { isRecord } from '../../src/model/index.js'

/**
 * The partial-batch response of an ordered stream (Kinesis, DynamoDB Streams): Lambda checkpoints at the lowest
 * sequence number reported and retries every record from there, so the first record to retry is the one named
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html). Undefined when that
 * record's sequence number cannot be read: the invocation then fails, and the whole batch is retried.
 */
export function sequenceNumberRetry(
  retry: ReadonlyArray<{ index: number }>,
  records: readonly unknown[],
  section: 'kinesis' | 'dynamodb',
  field: 'sequenceNumber' | 'SequenceNumber',
): { batchItemFailures: Array<{ itemIdentifier: string }> } | undefined {
  if (retry.length === 0) return { batchItemFailures: [] }
  const record = records[retry[0]!.index]
  const first = isRecord(record) && isRecord(record[section]) ? record[section][field] : undefined
  return typeof first === 'string' && first !== '' ? { batchItemFailures: [{ itemIdentifier: first }] } : undefined
}

/** A stream record's `eventID`, for naming a record that could not be read. */
export function eventIdOf(record: unknown): string | undefined {
  return isRecord(record) && typeof record.eventID === 'string' ? record.eventID : undefined
}
