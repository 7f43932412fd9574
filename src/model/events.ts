import { isBase64 } from './body.js'
import { InvalidBodyError, InvalidEventError } from './errors.js'
import type { ProviderName } from './invocation.js'

/** The non-HTTP event kinds `on()` routes. */
export type EventKind = 'timer' | 'storage' | 'queue' | 'change' | 'event'

/** The CloudEvents 1.0 context attributes every normalized record carries. */
export interface CloudEventAttributes {
  /** Unique id of the record (message id, request id, or one derived from the record). */
  readonly id: string
  /** Where it came from, e.g. `aws:s3`, `acs:oss`, `qcs::cos`, an ARN or a bus name. */
  readonly source: string
  /** What happened, e.g. `ObjectCreated:Put`, `aws.events.scheduled`, `mns:Queue:SendMessage`. */
  readonly type: string
  /** What it is about, when there is a natural subject (an object key, a queue, a topic). */
  readonly subject: string | undefined
  /** When it happened, RFC 3339, when the platform says. */
  readonly time: string | undefined
  /** The CloudEvents spec version these attributes follow: always `1.0`. */
  readonly specversion: '1.0'
  /** Media type of `data`, when known. */
  readonly datacontenttype: string | undefined
}

interface RecordBase<K extends EventKind> extends CloudEventAttributes {
  /** Which kind of record this is (`timer`, `storage`, `queue`, `event`): the `on()` route it goes to. */
  readonly kind: K
  /** The cloud that delivered it. */
  readonly provider: ProviderName
  /** The trigger that delivered it, e.g. `sqs`, `oss`, `timer`. */
  readonly trigger: string
  /** Position of the record in the delivered batch (0 for single events). */
  readonly index: number
  /** The record exactly as the platform delivered it. */
  readonly raw: unknown
}

/** A scheduled invocation: EventBridge Scheduler / CloudWatch scheduled events, FC timers, SCF timers. */
export interface TimerEvent extends RecordBase<'timer'> {
  /** The trigger or rule name, when the platform says. */
  readonly triggerName: string | undefined
  /** When the schedule fired, RFC 3339. */
  readonly scheduledTime: string
  /** The user payload configured on the trigger, if any. */
  readonly payload: string | undefined
  /** Same as `payload`, parsed when it is JSON. */
  readonly data: unknown
}

/**
 * What happened to an object, by the platform's event-name family: `created` for every upload, copy and
 * replica (S3 and OSS `ObjectCreated:*`, COS `cos:ObjectCreated:*`), `removed` for every deletion (S3
 * `ObjectRemoved:*` and `LifecycleExpiration:*`, OSS `ObjectRemoved:*`, COS `cos:ObjectRemove:*`), `other` for
 * the rest (restores, tagging, ACLs, storage-class transitions, downloads...), whose `eventName` says what it was.
 */
export type StorageAction = 'created' | 'removed' | 'other'

/** An object storage change: S3, OSS, COS. */
export interface StorageEvent extends RecordBase<'storage'> {
  /**
   * The bucket's name, the same on every cloud. On COS that is the name without the APPID: the SDKs'
   * `<name>-<appid>` form ends `source` (`qcs::cos:<region>:uid/<appid>:<name>-<appid>`).
   */
  readonly bucket: string
  /** The object key, URL-decoded once. */
  readonly key: string
  /** The object size in bytes, when the platform says (removals often do not). */
  readonly size: number | undefined
  /** The object's ETag, when the platform says. */
  readonly etag: string | undefined
  /** What happened to the object: see `StorageAction`. */
  readonly action: StorageAction
  /** The platform's own event name, e.g. `ObjectCreated:Put`; read it for `other` events. */
  readonly eventName: string
  /** The bucket's region, when the platform says. */
  readonly region: string | undefined
  /** `{ bucket, key, size, etag }`. */
  readonly data: { bucket: string; key: string; size: number | undefined; etag: string | undefined }
}

/** One message from a queue or topic: SQS, SNS, MNS, Kafka, CMQ, CKafka. */
export interface QueueMessage extends RecordBase<'queue'> {
  /**
   * The queue's own message id. For messages delivered through an EventBridge envelope (FC's MNS queues and
   * RabbitMQ) it can differ from `id`, which is the envelope's. Deduplicate on `messageId`: a message the queue
   * delivers again keeps it, but comes in a new envelope.
   */
  readonly messageId: string
  /** The message body as text. */
  readonly body: string
  /**
   * The message bytes, for sources that carry them encoded (Kinesis, Kafka: base64), so a binary payload is
   * read exactly; undefined where the platform delivers text.
   */
  readonly bytes?: Buffer
  /** Message attributes or headers as strings. */
  readonly attributes: Readonly<Record<string, string>>
  /** The queue or topic name, when the platform says. */
  readonly queue: string | undefined
  /** Same as `body`. */
  readonly data: string
  /** The body parsed as JSON; throws `InvalidBodyError` when it is not JSON. */
  json<T = unknown>(): T
}

/** What happened to a database item: DynamoDB Streams' `INSERT`, `MODIFY` and `REMOVE`. */
export type ChangeAction = 'insert' | 'modify' | 'remove'

/**
 * One change to a database item: a DynamoDB Streams record. Keys and images are plain values (DynamoDB's typed
 * JSON unmarshalled), absent where the stream view does not carry them.
 */
export interface ChangeEvent extends RecordBase<'change'> {
  /** What happened to the item. */
  readonly action: ChangeAction
  /** The platform's own event name: `INSERT`, `MODIFY` or `REMOVE`. */
  readonly eventName: string
  /** The table's name, when the platform says. */
  readonly table: string | undefined
  /** The item's key attributes. */
  readonly keys: Readonly<Record<string, unknown>>
  /** The item after the change (`NEW_IMAGE` and `NEW_AND_OLD_IMAGES` streams; none for a removal). */
  readonly newImage: Readonly<Record<string, unknown>> | undefined
  /** The item before the change (`OLD_IMAGE` and `NEW_AND_OLD_IMAGES` streams; none for an insert). */
  readonly oldImage: Readonly<Record<string, unknown>> | undefined
  /** The record's place in its shard: what a partial-batch response names. */
  readonly sequenceNumber: string
  /** `{ keys, newImage, oldImage }`. */
  readonly data: { keys: Readonly<Record<string, unknown>>; newImage: Readonly<Record<string, unknown>> | undefined; oldImage: Readonly<Record<string, unknown>> | undefined }
}

/** A CloudEvents or EventBridge envelope, passed through with its attributes. */
export interface EnvelopeEvent extends RecordBase<'event'> {
  /** The envelope's payload: EventBridge `detail`, a CloudEvent's `data`. */
  readonly data: unknown
  /** Extension attributes of the envelope (`aliyunregionid`, EventBridge `region`/`account`...). */
  readonly extensions: Readonly<Record<string, unknown>>
}

/** Any normalized non-HTTP record. */
export type FaasEvent = TimerEvent | StorageEvent | QueueMessage | ChangeEvent | EnvelopeEvent

/** A record that could not be read: reported with its position and the reason, never silently dropped. */
export interface RecordError {
  readonly kind: 'error'
  readonly index: number
  readonly reason: string
  /** The record's id when it could be read, so partial-batch responses can name it. */
  readonly id: string | undefined
  readonly raw: unknown
}

/**
 * A CloudEvent's payload in the CloudEvents JSON format: `data`, or the bytes of `data_base64`, where binary data goes
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md, section 3.1). Bad base64, or
 * both fields at once, is an `InvalidEventError` on `data_base64`.
 */
export function cloudEventPayload(trigger: string, event: { data?: unknown; data_base64?: unknown }): unknown {
  const base64 = event.data_base64
  if (base64 === undefined) return event.data
  if (typeof base64 !== 'string' || !isBase64(base64)) throw new InvalidEventError(trigger, 'data_base64', 'must be base64 text')
  if (event.data !== undefined) throw new InvalidEventError(trigger, 'data_base64', 'must not come with data')
  return Buffer.from(base64, 'base64')
}

/** The CloudEvents attributes with `specversion` filled in. */
export function cloudEvent<T extends Omit<CloudEventAttributes, 'specversion'>>(attributes: T): T & { specversion: '1.0' } {
  return { ...attributes, specversion: '1.0' }
}

/** An ISO 8601 time from epoch milliseconds, or undefined when the value is not a number or lies outside Date's range. */
export function isoTimeFromMillis(ms: unknown): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined
  return new Date(ms).toISOString()
}

/** Parses a message body as JSON, as `QueueMessage.json()` does. */
export function parseMessageJson<T>(body: string, id: string): T {
  try {
    return JSON.parse(body) as T
  } catch (error) {
    throw new InvalidBodyError(`Message ${id} is not valid JSON: ${(error as Error).message}`)
  }
}

/** Builds a `QueueMessage` from its parts; `json()` parses on request. */
export function queueMessage(fields: Omit<QueueMessage, 'json' | 'data' | 'kind' | 'specversion'>): QueueMessage {
  return {
    kind: 'queue',
    specversion: '1.0',
    ...fields,
    data: fields.body,
    json<T>() {
      return parseMessageJson<T>(fields.body, fields.messageId)
    },
  }
}

/** A record error for the record at `index`. */
export function recordError(index: number, reason: string, raw: unknown, id?: string): RecordError {
  return { kind: 'error', index, reason, id, raw }
}

/** Parses text as JSON when it is JSON, otherwise returns it as it is (for payloads that may be either). */
export function jsonOrText(text: string | undefined): unknown {
  if (text === undefined) return undefined
  const first = text.trimStart().charCodeAt(0)
  // Only objects, arrays and strings: "123" or "true" as a payload are more likely meant as text.
  if (first !== 123 && first !== 91 && first !== 34) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * Reads every record of a batch: a record `read` throws for becomes a `RecordError` in its place (with the id
 * `idOf` can still find), so one bad record never hides the others.
 */
export function readRecords<T extends FaasEvent>(
  records: readonly unknown[],
  read: (record: unknown, index: number) => T,
  idOf: (record: unknown) => string | undefined,
): Array<T | RecordError> {
  const out: Array<T | RecordError> = []
  for (let index = 0; index < records.length; index++) {
    const record = records[index]
    try {
      out.push(read(record, index))
    } catch (error) {
      let id: string | undefined
      try {
        id = idOf(record)
      } catch {
        id = undefined
      }
      out.push(recordError(index, error instanceof Error ? error.message : String(error), record, id))
    }
  }
  return out
}

/** Decodes a percent-encoded object key once (`+` is a space, as S3 and OSS send keys); throws on bad escapes. */
export function decodeObjectKey(key: string, plusIsSpace: boolean): string {
  const text = plusIsSpace ? key.replace(/\+/g, ' ') : key
  try {
    return decodeURIComponent(text)
  } catch {
    throw new Error(`object key ${JSON.stringify(key.slice(0, 200))} has invalid percent-encoding`)
  }
}

/** What an adapter reads from one timer invocation; `timerEvent()` builds the record from it. */
export interface TimerEventInit {
  provider: ProviderName
  trigger: string
  raw: unknown
  /** The CloudEvents `id`, `source` and `type` (`time` is the scheduled time). */
  id: string
  source: string
  type: string
  triggerName: string | undefined
  scheduledTime: string
  payload: string | undefined
  /** The payload as data, when not `payload` parsed as JSON where it is JSON. */
  data?: unknown
  datacontenttype?: string | undefined
}

/** A timer record with its CloudEvents attributes, the same shape on every cloud (`data`: the payload, parsed when JSON). */
export function timerEvent(init: TimerEventInit): TimerEvent {
  const { id, source, type, scheduledTime, payload } = init
  return {
    kind: 'timer',
    ...cloudEvent({ id, source, type, subject: undefined, time: scheduledTime, datacontenttype: init.datacontenttype }),
    provider: init.provider,
    trigger: init.trigger,
    index: 0,
    raw: init.raw,
    triggerName: init.triggerName,
    scheduledTime,
    payload,
    data: 'data' in init ? init.data : jsonOrText(payload),
  }
}

/** What an adapter reads from one storage notification; `storageEvent()` builds the record from it. */
export interface StorageEventInit {
  provider: ProviderName
  trigger: string
  index: number
  raw: unknown
  /** The CloudEvents `id`, `source`, `type` and `time` (the key is the `subject`). */
  id: string
  source: string
  type: string
  time: string | undefined
  bucket: string
  key: string
  size: number | undefined
  etag: string | undefined
  eventName: string
  action: StorageAction
  region: string | undefined
}

/** A storage record with its CloudEvents attributes and `data`, the same shape on every cloud. */
export function storageEvent(init: StorageEventInit): StorageEvent {
  const { id, source, type, time, ...fields } = init
  const { bucket, key, size, etag } = init
  return {
    kind: 'storage',
    ...cloudEvent({ id, source, type, subject: key, time, datacontenttype: undefined }),
    ...fields,
    data: { bucket, key, size, etag },
  }
}

/**
 * The `StorageAction` of an event name, given the platform's event-name families (prefixes) for creations and
 * removals; every other name is `other`. Each storage adapter passes its own families.
 */
export function storageAction(eventName: string, created: readonly string[], removed: readonly string[]): StorageAction {
  for (const prefix of created) if (eventName.startsWith(prefix)) return 'created'
  for (const prefix of removed) if (eventName.startsWith(prefix)) return 'removed'
  return 'other'
}
