import type { S3Event, S3EventRecord } from 'aws-lambda'
import {
  storageEvent,
  decodeObjectKey,
  isRecord,
  readRecords,
  requireString,
  storageAction,
  type EventAdapter,
  type StorageEvent,
} from '../../src/model/index.js'
import { isBatchFrom } from './records.js'

const TRIGGER = 'aws/s3'

// S3 event-name families: uploads and copies; deletions, including lifecycle expirations. Restores, tagging,
// ACLs, transitions and replication notices are `other`.
const CREATED = ['ObjectCreated:']
const REMOVED = ['ObjectRemoved:', 'LifecycleExpiration:']

function read(raw: unknown, index: number): StorageEvent {
  const record = raw as S3EventRecord
  const field = `Records[${index}]`
  if (!isRecord(record.s3) || !isRecord(record.s3.bucket) || !isRecord(record.s3.object)) throw new Error(`${field}.s3 must hold bucket and object`)
  const bucket = requireString(TRIGGER, `${field}.s3.bucket.name`, record.s3.bucket.name)
  // S3 sends keys URL-encoded with '+' for spaces.
  const key = decodeObjectKey(requireString(TRIGGER, `${field}.s3.object.key`, record.s3.object.key), true)
  const eventName = requireString(TRIGGER, `${field}.eventName`, record.eventName)
  const size = typeof record.s3.object.size === 'number' ? record.s3.object.size : undefined
  const etag = typeof record.s3.object.eTag === 'string' ? record.s3.object.eTag : undefined
  const sequencer = typeof record.s3.object.sequencer === 'string' ? record.s3.object.sequencer : String(index)
  return storageEvent({
    provider: 'aws',
    trigger: 's3',
    index,
    raw,
    id: `${record.responseElements?.['x-amz-request-id'] ?? bucket}-${sequencer}`,
    source: typeof record.s3.bucket.arn === 'string' ? record.s3.bucket.arn : `arn:aws:s3:::${bucket}`,
    type: `aws.s3.${eventName}`,
    time: typeof record.eventTime === 'string' ? record.eventTime : undefined,
    bucket,
    key,
    size,
    etag,
    eventName,
    action: storageAction(eventName, CREATED, REMOVED),
    region: typeof record.awsRegion === 'string' ? record.awsRegion : undefined,
  })
}

/** Amazon S3 event notifications (one record per object). */
export const s3: EventAdapter<S3Event> = {
  provider: 'aws',
  trigger: 's3',
  kind: 'storage',
  matches: (event) => isBatchFrom(event, 'aws:s3'),
  toEvents: (event) => readRecords(event.Records, read, () => undefined),
}
