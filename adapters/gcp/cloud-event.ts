import { cloudEventPayload, emptyRecord, InvalidEventError, isRecord, requireString, type CloudEventAttributes } from '../../src/model/index.js'

// What the Functions Framework hands a CloudEvent function (src/function_wrappers.ts): the event's attributes and
// `data`, from a structured-mode body or from binary mode's `ce-*` headers with the body as `data` (already parsed
// when it was JSON), plus `traceparent` when the request carried one.

/** A CloudEvent as the Functions Framework passes it to a `functions.cloudEvent` function. */
export interface GcpCloudEvent<T = unknown> {
  specversion: string
  id: string
  source: string
  type: string
  subject?: string
  time?: string
  datacontenttype?: string
  dataschema?: string
  traceparent?: string
  data?: T
  [extension: string]: unknown
}

const CORE = new Set(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data', 'data_base64'])

/**
 * A CloudEvent the framework delivered: the required attributes present, no platform context beside it (the
 * framework passes none; Function Compute does, and its EventBridge envelopes carry `aliyun*` extensions).
 */
export function isGcpCloudEvent(event: unknown, context: unknown): event is GcpCloudEvent {
  if (!isRecord(event) || isRecord(context)) return false
  if (typeof event.specversion !== 'string' || typeof event.type !== 'string' || typeof event.source !== 'string' || !('id' in event)) return false
  return !('aliyunaccountid' in event || 'aliyuneventbusname' in event || 'aliyunregionid' in event)
}

/** The CloudEvents attributes of `event`, checked. */
export function attributesOf(trigger: string, event: GcpCloudEvent): Omit<CloudEventAttributes, 'specversion'> {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
  return {
    id: requireString(trigger, 'id', event.id),
    source: requireString(trigger, 'source', event.source),
    type: requireString(trigger, 'type', event.type),
    subject: text(event.subject),
    time: text(event.time),
    datacontenttype: text(event.datacontenttype),
  }
}

/** The extension attributes (`traceparent`, Eventarc's own...), prototype-free. */
export function extensionsOf(event: GcpCloudEvent): Record<string, unknown> {
  const extensions = emptyRecord<unknown>()
  for (const [name, value] of Object.entries(event)) if (!CORE.has(name)) extensions[name] = value
  return extensions
}

/** `data` (or `data_base64`) as an object: parsed when the framework handed it over as JSON text or bytes. */
export function dataObject(trigger: string, event: GcpCloudEvent): Record<string, unknown> {
  let data: unknown = cloudEventPayload(trigger, event)
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8')
    try {
      data = JSON.parse(text)
    } catch {
      throw new InvalidEventError(trigger, 'data', 'must be a JSON object, got text that is not JSON')
    }
  }
  if (!isRecord(data)) throw new InvalidEventError(trigger, 'data', `must be an object, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`)
  return data
}
