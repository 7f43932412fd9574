import {
  storageEvent,
  decodeObjectKey,
  InvalidEventError,
  isRecord,
  readRecords,
  requireString,
  storageAction,
  type EventAdapter,
  type StorageEvent,
} from '../../src/model/index.js'

const TRIGGER = 'aliyun/oss'

/** The FC OSS trigger event: `{ events: [...] }`, one entry per object. */
export interface FcOssEvent {
  events: Array<{
    eventName: string
    eventSource: 'acs:oss'
    eventTime: string
    region?: string
    oss: { bucket: { name: string; arn?: string }; object: { key: string; size?: number; eTag?: string; deltaSize?: number } }
    responseElements?: { requestId?: string }
  }>
}

// OSS event-name families: uploads, copies and replicas (a replica overwriting an object is new content too);
// deletions, also by replication. Restores, metadata changes, downloads... are `other`.
const CREATED = ['ObjectCreated:', 'ObjectReplication:ObjectCreated', 'ObjectReplication:ObjectModified']
const REMOVED = ['ObjectRemoved:', 'ObjectReplication:ObjectRemoved']

/**
 * Reads one OSS notification record (an entry of the OSS trigger's `events`, or the `data` of an OSS event
 * delivered through EventBridge); `field` names it in errors.
 */
export function readOssRecord(raw: unknown, index: number, field: string): StorageEvent {
  if (!isRecord(raw) || !isRecord(raw.oss) || !isRecord(raw.oss.bucket) || !isRecord(raw.oss.object)) {
    throw new InvalidEventError(TRIGGER, `${field}.oss`, 'must hold bucket and object')
  }
  const bucket = requireString(TRIGGER, `${field}.oss.bucket.name`, raw.oss.bucket.name)
  // OSS sends keys percent-encoded; they are decoded exactly once.
  const key = decodeObjectKey(requireString(TRIGGER, `${field}.oss.object.key`, raw.oss.object.key), false)
  const eventName = requireString(TRIGGER, `${field}.eventName`, raw.eventName)
  const size = typeof raw.oss.object.size === 'number' ? raw.oss.object.size : undefined
  const etag = typeof raw.oss.object.eTag === 'string' ? raw.oss.object.eTag : undefined
  const requestId = isRecord(raw.responseElements) && typeof raw.responseElements.requestId === 'string' ? raw.responseElements.requestId : undefined
  const time = typeof raw.eventTime === 'string' ? raw.eventTime : undefined
  if (!requestId && !time) {
    // The record's id is built from one of them; without either, two records could not be told apart.
    throw new InvalidEventError(TRIGGER, `${field}.responseElements.requestId`, 'is missing, and so is eventTime')
  }
  return storageEvent({
    provider: 'aliyun',
    trigger: 'oss',
    index,
    raw,
    id: requestId ? `${requestId}-${index}` : `${bucket}/${key}@${time}`,
    source: typeof raw.oss.bucket.arn === 'string' ? raw.oss.bucket.arn : `acs:oss:${bucket}`,
    type: `aliyun.oss.${eventName}`,
    time,
    bucket,
    key,
    size,
    etag,
    eventName,
    action: storageAction(eventName, CREATED, REMOVED),
    region: typeof raw.region === 'string' ? raw.region : undefined,
  })
}

/** OSS triggers on Function Compute. */
export const oss: EventAdapter<FcOssEvent> = {
  provider: 'aliyun',
  trigger: 'oss',
  kind: 'storage',
  matches(event) {
    if (!isRecord(event) || !Array.isArray(event.events)) return false
    const first: unknown = event.events[0]
    return isRecord(first) && first.eventSource === 'acs:oss'
  },
  toEvents: (event) => readRecords(event.events, (raw, index) => readOssRecord(raw, index, `events[${index}]`), () => undefined),
}
