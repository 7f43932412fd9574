/**
 * The partial-batch response of an ordered stream (Kinesis, DynamoDB Streams): Lambda checkpoints at the lowest
 * sequence number reported and retries every record from there, so the first record to retry is the one named
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html). Undefined when that
 * record's sequence number cannot be read: the invocation then fails, and the whole batch is retried.
 */
export function sequenceNumberRetry(
  retry: ReadonlyArray<{ index: number }>,
  records: readonly unknown[],
  sequenceNumberOf: (record: unknown) => string | undefined,
): { batchItemFailures: Array<{ itemIdentifier: string }> } | undefined {
  if (retry.length === 0) return { batchItemFailures: [] }
  const first = sequenceNumberOf(records[retry[0]!.index])
  return first === undefined ? undefined : { batchItemFailures: [{ itemIdentifier: first }] }
}
