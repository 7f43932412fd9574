import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { emptyRecord, isRecord, isoTimeFromMillis, queueMessage, readRecords, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { isBatchFrom } from './records.js'

const TRIGGER = 'aws/sqs'

/**
 * Prefix of the system attributes (`ApproximateReceiveCount`, `SentTimestamp`, `MessageGroupId`...) in
 * `QueueMessage.attributes`. SQS message attribute names cannot hold a `:`, so the two never collide.
 */
const SQS_SYSTEM_ATTRIBUTE_PREFIX = 'sqs:'

function attributesOf(record: SQSRecord): Record<string, string> {
  const out = emptyRecord<string>()
  // Message attributes under their own names, as on every other queue; binary ones stay base64 text.
  const message: unknown = record.messageAttributes
  if (isRecord(message)) {
    for (const name in message) {
      const value = message[name]
      const v = isRecord(value) ? (value.stringValue ?? value.binaryValue) : undefined
      if (typeof v === 'string') out[name] = v
    }
  }
  const system: unknown = record.attributes
  if (isRecord(system)) {
    for (const name in system) {
      const value = system[name]
      if (typeof value === 'string') out[SQS_SYSTEM_ATTRIBUTE_PREFIX + name] = value
    }
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

// A FIFO queue's name ends in `.fifo`, and its messages carry a MessageGroupId.
function isFifo(record: unknown): boolean {
  if (!isRecord(record)) return false
  if (typeof record.eventSourceARN === 'string' && record.eventSourceARN.endsWith('.fifo')) return true
  return isRecord(record.attributes) && typeof record.attributes.MessageGroupId === 'string'
}

/** Amazon SQS batches; failed messages can be reported as a partial batch response. */
export const sqs: EventAdapter<SQSEvent> = {
  provider: 'aws',
  trigger: 'sqs',
  kind: 'queue',
  matches: (event) => isBatchFrom(event, 'aws:sqs'),
  toEvents: (event) => readRecords(event.Records, read, (r) => (isRecord(r) && typeof r.messageId === 'string' ? r.messageId : undefined)),
  // AWS requires FIFO batches to stop at the first failure and report it with every message after it.
  ordered: (event) => event.Records.some(isFifo),
  partialBatchResult: (retry): SQSBatchResponse | undefined =>
    retry.every((r) => r.id !== undefined) ? { batchItemFailures: retry.map((r) => ({ itemIdentifier: r.id! })) } : undefined,
}
