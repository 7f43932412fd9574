import { InvalidEventError, requireString, storageAction, storageEvent, type EventAdapter } from '../../src/model/index.js'
import { attributesOf, dataObject, isGcpCloudEvent, type GcpCloudEvent } from './cloud-event.js'

const TRIGGER = 'gcp/storage'
const PREFIX = 'google.cloud.storage.object.v1.'

/**
 * The data of a Cloud Storage object CloudEvent (StorageObjectData,
 * https://cloud.google.com/eventarc/docs/cloudevents#cloud-storage and
 * https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/storage/v1/data.proto):
 * the object's metadata, `size` as a decimal string (int64 in JSON).
 */
export interface GcpStorageObjectData {
  bucket: string
  name: string
  size?: string
  etag?: string
  contentType?: string
  generation?: string
  metageneration?: string
  timeCreated?: string
  updated?: string
  md5Hash?: string
  [field: string]: unknown
}

function sizeOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidEventError(TRIGGER, 'data.size', 'must be a byte count (a decimal string)')
  return n
}

/** Cloud Storage object events: `finalized` is `created`, `deleted` is `removed`, `archived` and `metadataUpdated` are `other`. */
export const storage: EventAdapter<GcpCloudEvent> = {
  provider: 'gcp',
  trigger: 'storage',
  kind: 'storage',
  matches: (event, context) => isGcpCloudEvent(event, context) && event.type.startsWith(PREFIX),
  toEvents(event) {
    const attributes = attributesOf(TRIGGER, event)
    const data = dataObject(TRIGGER, event)
    const bucket = requireString(TRIGGER, 'data.bucket', data.bucket)
    const key = requireString(TRIGGER, 'data.name', data.name)
    const eventName = attributes.type.slice(PREFIX.length)
    return [
      storageEvent({
        provider: 'gcp',
        trigger: 'storage',
        index: 0,
        raw: event,
        id: attributes.id,
        source: attributes.source,
        type: attributes.type,
        time: attributes.time,
        bucket,
        key,
        size: sizeOf(data.size),
        etag: typeof data.etag === 'string' ? data.etag : undefined,
        eventName,
        action: storageAction(eventName, ['finalized'], ['deleted']),
        region: undefined,
      }),
    ]
  },
}
