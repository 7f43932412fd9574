import {
  decodeObjectKey,
  InvalidEventError,
  isRecord,
  readRecords,
  requireString,
  storageAction,
  storageEvent,
  type EventAdapter,
  type StorageEvent,
} from '../../src/model/index.js'
import { isFunctionGraphContext } from './context.js'

const TRIGGER = 'huawei/obs'

const CREATED = ['ObjectCreated:']
const REMOVED = ['ObjectRemoved:']

/** The object section of one record: `obs` in OBS's own format, `s3` in the S3-compatible one. */
interface ObsSection {
  bucket: { name: string; ownerIdentity?: Record<string, string>; arn?: string; bucket?: string }
  object: { key: string; eTag?: string; size?: number; versionId?: string; sequencer?: string }
  configurationId?: string
}

/**
 * The OBS trigger event, in either documented form: OBS's own (`eventSource: 'OBS'`, `eventRegion`, an `obs`
 * section; the FunctionGraph Java runtime's `ObsTriggerEvent`), or the S3-compatible one (`awsRegion`, an `s3`
 * section; "OBS Event Source": https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/trigger_events/trigger_obs_event.html).
 */
export interface HuaweiObsEvent {
  Records: Array<{
    eventVersion?: string
    eventSource?: string
    eventRegion?: string
    awsRegion?: string
    eventTime?: string
    eventName: string
    responseElements?: Record<string, string>
    obs?: ObsSection
    s3?: ObsSection
  }>
}

function requestId(raw: Record<string, unknown>): string | undefined {
  const r = raw.responseElements
  if (!isRecord(r)) return undefined
  for (const name of ['x-obs-request-id', 'x-amz-request-id']) if (typeof r[name] === 'string' && r[name] !== '') return r[name] as string
  return undefined
}

// Keys come URL-encoded as in S3 notifications (`+` for a space); decoded once. A bad escape names the field.
function objectKey(key: string, field: string): string {
  try {
    return decodeObjectKey(key, true)
  } catch (error) {
    throw new InvalidEventError(TRIGGER, field, (error as Error).message.replace(/^object key /, ''))
  }
}

function read(raw: unknown, index: number): StorageEvent {
  const at = `Records[${index}]`
  const section = isRecord(raw) ? (isRecord(raw.obs) ? 'obs' : isRecord(raw.s3) ? 's3' : undefined) : undefined
  if (!isRecord(raw) || section === undefined) throw new InvalidEventError(TRIGGER, at, 'must hold an obs (or s3) section')
  const body = raw[section] as Record<string, unknown>
  if (!isRecord(body.bucket) || !isRecord(body.object)) throw new InvalidEventError(TRIGGER, `${at}.${section}`, 'must hold bucket and object')
  const bucket = requireString(TRIGGER, `${at}.${section}.bucket.name`, body.bucket.name)
  const key = objectKey(requireString(TRIGGER, `${at}.${section}.object.key`, body.object.key), `${at}.${section}.object.key`)
  const eventName = requireString(TRIGGER, `${at}.eventName`, raw.eventName)
  const region = typeof raw.eventRegion === 'string' ? raw.eventRegion : typeof raw.awsRegion === 'string' ? raw.awsRegion : undefined
  const time = typeof raw.eventTime === 'string' ? raw.eventTime : undefined
  const size = typeof body.object.size === 'number' ? body.object.size : undefined
  const etag = typeof body.object.eTag === 'string' ? body.object.eTag : undefined
  const reqId = requestId(raw)
  return storageEvent({
    provider: 'huawei',
    trigger: 'obs',
    index,
    raw,
    id: reqId !== undefined ? `${reqId}-${index}` : `${bucket}/${key}@${time ?? index}`,
    source: `huawei:obs:${region ?? ''}:${bucket}`,
    type: `huawei.obs.${eventName}`,
    time,
    bucket,
    key,
    size,
    etag,
    eventName,
    action: storageAction(eventName, CREATED, REMOVED),
    region,
  })
}

/** OBS triggers of FunctionGraph functions. */
export const obs: EventAdapter<HuaweiObsEvent> = {
  provider: 'huawei',
  trigger: 'obs',
  kind: 'storage',
  matches(event, context) {
    if (!isFunctionGraphContext(context) || !isRecord(event) || !Array.isArray(event.Records)) return false
    const first: unknown = event.Records[0]
    return isRecord(first) && (isRecord(first.obs) || isRecord(first.s3))
  },
  toEvents: (event) => readRecords(event.Records, read, () => undefined),
}
