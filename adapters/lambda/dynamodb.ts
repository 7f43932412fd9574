import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { cloudEvent, isRecord, isoTimeFromMillis, readRecords, requireString, type ChangeAction, type ChangeEvent, type EventAdapter } from '../../src/model/index.js'
import { unmarshallItem } from './dynamodb-json.js'
import { eventIdOf, sequenceNumberRetry } from './stream-batch.js'
import { isBatchFrom } from './records.js'

const TRIGGER = 'aws/dynamodb'
const ACTIONS: Record<string, ChangeAction> = { INSERT: 'insert', MODIFY: 'modify', REMOVE: 'remove' }

// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html: `dynamodb.Keys`, `NewImage` and `OldImage` in
// DynamoDB's typed JSON, `ApproximateCreationDateTime` in epoch seconds.

function read(raw: unknown, index: number): ChangeEvent {
  const record = raw as DynamoDBRecord
  const field = `Records[${index}]`
  if (!isRecord(record) || !isRecord(record.dynamodb)) throw new Error(`${field}.dynamodb is missing`)
  const change = record.dynamodb
  const eventId = requireString(TRIGGER, `${field}.eventID`, record.eventID)
  const eventName = requireString(TRIGGER, `${field}.eventName`, record.eventName)
  const action = Object.hasOwn(ACTIONS, eventName) ? ACTIONS[eventName]! : undefined
  if (action === undefined) throw new Error(`${field}.eventName is ${JSON.stringify(eventName.slice(0, 30))}, not INSERT, MODIFY or REMOVE`)
  const sequenceNumber = requireString(TRIGGER, `${field}.dynamodb.SequenceNumber`, change.SequenceNumber)
  const keys = unmarshallItem(change.Keys, `${field}.dynamodb.Keys`)
  const newImage = change.NewImage === undefined ? undefined : unmarshallItem(change.NewImage, `${field}.dynamodb.NewImage`)
  const oldImage = change.OldImage === undefined ? undefined : unmarshallItem(change.OldImage, `${field}.dynamodb.OldImage`)
  const arn = typeof record.eventSourceARN === 'string' ? record.eventSourceARN : undefined
  const created = typeof change.ApproximateCreationDateTime === 'number' ? change.ApproximateCreationDateTime * 1000 : undefined
  // arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>
  const table = arn?.split(':table/')[1]?.split('/')[0]
  return {
    kind: 'change',
    ...cloudEvent({ id: eventId, source: arn ?? 'aws:dynamodb', type: `aws.dynamodb.${action}`, subject: table, time: isoTimeFromMillis(created), datacontenttype: 'application/json' }),
    provider: 'aws',
    trigger: 'dynamodb',
    index,
    raw,
    action,
    eventName,
    table,
    keys,
    newImage,
    oldImage,
    sequenceNumber,
    data: { keys, newImage, oldImage },
  }
}

/**
 * DynamoDB Streams batches, routed to `change`. Ordered per shard: records run in order and the first failure
 * stops the batch; with ReportBatchItemFailures its sequence number is reported, and Lambda retries from it
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html).
 */
export const dynamodb: EventAdapter<DynamoDBStreamEvent> = {
  provider: 'aws',
  trigger: 'dynamodb',
  kind: 'change',
  matches: (event) => isBatchFrom(event, 'aws:dynamodb'),
  toEvents: (event) => readRecords(event.Records, read, eventIdOf),
  ordered: () => true,
  partialBatchResult: (retry, event): DynamoDBBatchResponse | undefined => sequenceNumberRetry(retry, event.Records, 'dynamodb', 'SequenceNumber'),
}
