import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'
import { emptyRecord, isBase64, isRecord, isoTimeFromMillis, queueMessage, readRecords, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { eventIdOf, sequenceNumberRetry } from './stream-batch.js'
import { isBatchFrom } from './records.js'

const TRIGGER = 'aws/kinesis'

// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html: each record's `kinesis.data` is the payload,
// base64; `approximateArrivalTimestamp` is in epoch seconds.

function read(raw: unknown, index: number): QueueMessage {
  const record = raw as KinesisStreamRecord
  const field = `Records[${index}]`
  if (!isRecord(record) || !isRecord(record.kinesis)) throw new Error(`${field}.kinesis is missing`)
  const kinesis = record.kinesis
  const eventId = requireString(TRIGGER, `${field}.eventID`, record.eventID)
  const sequenceNumber = requireString(TRIGGER, `${field}.kinesis.sequenceNumber`, kinesis.sequenceNumber)
  const partitionKey = requireString(TRIGGER, `${field}.kinesis.partitionKey`, kinesis.partitionKey)
  const data = requireString(TRIGGER, `${field}.kinesis.data`, kinesis.data)
  if (!isBase64(data)) throw new Error(`${field}.kinesis.data is not valid base64`)
  const bytes = Buffer.from(data, 'base64')
  const arn = typeof record.eventSourceARN === 'string' ? record.eventSourceARN : undefined
  const arrival = typeof kinesis.approximateArrivalTimestamp === 'number' ? kinesis.approximateArrivalTimestamp * 1000 : undefined
  const time = isoTimeFromMillis(arrival)
  const attributes = emptyRecord<string>()
  attributes.partitionKey = partitionKey
  attributes.sequenceNumber = sequenceNumber
  if (time !== undefined) attributes.approximateArrivalTimestamp = time
  if (typeof kinesis.encryptionType === 'string') attributes.encryptionType = kinesis.encryptionType
  return queueMessage({
    id: eventId,
    source: arn ?? 'aws:kinesis',
    type: 'aws.kinesis.record',
    subject: partitionKey,
    time,
    datacontenttype: undefined,
    provider: 'aws',
    trigger: 'kinesis',
    index,
    raw,
    messageId: sequenceNumber,
    body: bytes.toString('utf8'),
    bytes,
    attributes,
    // arn:aws:kinesis:<region>:<account>:stream/<name>
    queue: arn?.split(':stream/')[1],
  })
}

/**
 * Kinesis Data Streams batches. Ordered per shard: records run in order and the first failure stops the batch;
 * with ReportBatchItemFailures its sequence number is reported, and Lambda retries from it
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html).
 */
export const kinesis: EventAdapter<KinesisStreamEvent> = {
  provider: 'aws',
  trigger: 'kinesis',
  kind: 'queue',
  matches: (event) => isBatchFrom(event, 'aws:kinesis'),
  toEvents: (event) => readRecords(event.Records, read, eventIdOf),
  ordered: () => true,
  partialBatchResult: (retry, event): KinesisStreamBatchResponse | undefined => sequenceNumberRetry(retry, event.Records, 'kinesis', 'sequenceNumber'),
}
