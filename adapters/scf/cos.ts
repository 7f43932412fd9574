import {
  storageEvent,
  decodeObjectKey,
  InvalidEventError,
  isRecord,
  isoTimeFromMillis,
  readRecords,
  requireString,
  storageAction,
  type EventAdapter,
  type StorageEvent,
} from '../../src/model/index.js'

const TRIGGER = 'tencent/cos'

// COS event-name families (`cos:ObjectCreated:Replication` included); restores are `other`.
const CREATED = ['cos:ObjectCreated:']
const REMOVED = ['cos:ObjectRemove:']

/** The SCF COS trigger event: `{ Records: [{ cos, event }] }`. */
export interface ScfCosEvent {
  Records: Array<{
    cos: {
      cosBucket: { name: string; appid?: string; region?: string }
      cosObject: { key: string; size?: number; url?: string; vid?: string; meta?: Record<string, string> }
    }
    event: { eventName: string; eventSource: 'qcs::cos'; eventTime?: number; reqid?: number | string }
  }>
}

function read(raw: unknown, index: number): StorageEvent {
  const field = `Records[${index}]`
  if (!isRecord(raw) || !isRecord(raw.cos) || !isRecord(raw.cos.cosBucket) || !isRecord(raw.cos.cosObject) || !isRecord(raw.event)) {
    throw new InvalidEventError(TRIGGER, field, 'must hold cos.cosBucket, cos.cosObject and event')
  }
  const { cosBucket, cosObject } = raw.cos
  const name = requireString(TRIGGER, `${field}.cos.cosBucket.name`, cosBucket.name)
  const appid = typeof cosBucket.appid === 'string' || typeof cosBucket.appid === 'number' ? String(cosBucket.appid) : undefined
  // The SDKs name a bucket `<name>-<appid>`; the event gives the two apart.
  const bucket = appid && !name.endsWith(`-${appid}`) ? `${name}-${appid}` : name
  // COS gives the key as `/<appid>/<bucket name>/<key>`, percent-encoded.
  let key = requireString(TRIGGER, `${field}.cos.cosObject.key`, cosObject.key)
  const prefix = `/${appid ?? ''}/${name}/`
  key = decodeObjectKey(key.startsWith(prefix) ? key.slice(prefix.length) : key.replace(/^\//, ''), false)
  const eventName = requireString(TRIGGER, `${field}.event.eventName`, raw.event.eventName)
  const size = typeof cosObject.size === 'number' ? cosObject.size : undefined
  const meta = isRecord(cosObject.meta) ? cosObject.meta : {}
  const etag = typeof meta.ETag === 'string' ? meta.ETag : typeof meta.etag === 'string' ? meta.etag : undefined
  const time = isoTimeFromMillis(typeof raw.event.eventTime === 'number' ? raw.event.eventTime * 1000 : undefined)
  return storageEvent({
    provider: 'tencent',
    trigger: 'cos',
    index,
    raw,
    id: raw.event.reqid !== undefined ? `${String(raw.event.reqid)}-${index}` : `${bucket}/${key}@${time ?? index}`,
    source: `qcs::cos:${typeof cosBucket.region === 'string' ? cosBucket.region : ''}:uid/${appid ?? ''}:${bucket}`,
    type: `tencent.${eventName}`,
    time,
    bucket,
    key,
    size,
    etag,
    eventName,
    action: storageAction(eventName, CREATED, REMOVED),
    region: typeof cosBucket.region === 'string' ? cosBucket.region : undefined,
  })
}

/** COS triggers on SCF. */
export const cos: EventAdapter<ScfCosEvent> = {
  provider: 'tencent',
  trigger: 'cos',
  kind: 'storage',
  matches(event) {
    if (!isRecord(event) || !Array.isArray(event.Records)) return false
    const first: unknown = event.Records[0]
    return isRecord(first) && isRecord(first.event) && first.event.eventSource === 'qcs::cos'
  },
  toEvents: (event) => readRecords(event.Records, read, () => undefined),
}
