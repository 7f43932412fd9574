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
  // The event gives the bucket's own name and the APPID apart; the record's bucket is the name alone, as S3 and
  // OSS give it, so one storage handler sees the same bucket on every cloud. The SDKs' `<name>-<appid>` form
  // (which a name may already carry) ends `source`.
  const bucket = appid && name.endsWith(`-${appid}`) ? name.slice(0, -appid.length - 1) : name
  const sdkName = appid ? `${bucket}-${appid}` : bucket
  // COS gives the key as `/<appid>/<bucket name>/<key>`, percent-encoded.
  let key = requireString(TRIGGER, `${field}.cos.cosObject.key`, cosObject.key)
  const prefix = [`/${appid ?? ''}/${name}/`, `/${appid ?? ''}/${bucket}/`].find((p) => key.startsWith(p))
  key = decodeObjectKey(prefix ? key.slice(prefix.length) : key.replace(/^\//, ''), false)
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
    id: raw.event.reqid !== undefined ? `${String(raw.event.reqid)}-${index}` : `${sdkName}/${key}@${time ?? index}`,
    source: `qcs::cos:${typeof cosBucket.region === 'string' ? cosBucket.region : ''}:uid/${appid ?? ''}:${sdkName}`,
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
