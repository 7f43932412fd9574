import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { emptyRecord, isRecord, isoTimeFromMillis, queueMessage, readRecords, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'

const TRIGGER = 'aws/sqs'

function attributesOf(record: SQSRecord): Record<string, string> {
  const out = emptyRecord<string>()
  for (const [name, value] of Object.entries(record.attributes ?? {})) if (typeof value === 'string') out[name] = value
  // Message attributes win over system attributes of the same name; binary ones stay base64 text.
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    const v = value?.stringValue ?? value?.binaryValue
    if (typeof v === 'string') out[name] = v
  }
  return out
}

function read(raw: unknown, index: number): QueueMessage {
  const record = raw as SQSRecord
  const field = `Records[${index}]`
  const messageId = requireString(TRIGGER, `${field}.messageId`, record.messageId)
  const body = requireString(TRIGGER, `${field}.body`, record.body)
  const arn = typeof record.eventSourceARN === 'string' ? record.eventSourceARN : undefined
  const sent = Number(record.attributes?.SentTimestamp)
  return queueMessage({
    id: messageId,
    source: arn ?? 'aws:sqs',
    type: 'aws.sqs.message',
    subject: undefined,
    time: isoTimeFromMillis(sent),
    datacontenttype: undefined,
    provider: 'aws',
    trigger: 'sqs',
    index,
    raw,
    messageId,
    body,
    attributes: attributesOf(record),
    queue: arn?.split(':')[5],
  })
}

/** Amazon SQS batches; failed messages can be reported as a partial batch response. */
export const sqs: EventAdapter<SQSEvent> = {
  provider: 'aws',
  trigger: 'sqs',
  kind: 'queue',
  matches(event) {
    if (!isRecord(event) || !Array.isArray(event.Records)) return false
    const first: unknown = event.Records[0]
    return isRecord(first) && first.eventSource === 'aws:sqs'
  },
  toEvents: (event) => readRecords(event.Records, read, (r) => (isRecord(r) && typeof r.messageId === 'string' ? r.messageId : undefined)),
  partialBatchResult: (failedIds): SQSBatchResponse => ({ batchItemFailures: failedIds.map((itemIdentifier) => ({ itemIdentifier })) }),
}
