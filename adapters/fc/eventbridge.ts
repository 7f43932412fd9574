import {
  cloudEvent,
  emptyRecord,
  InvalidEventError,
  isRecord,
  queueMessage,
  readRecords,
  requireString,
  type CloudEventAttributes,
  type EventAdapter,
  type FaasEvent,
  type QueueMessage,
  type RecordError,
  type StorageEvent,
} from '../../src/model/index.js'
import { readOssRecord } from './oss.js'

// Sources routed through Alibaba Cloud EventBridge (MNS queues, Kafka, RocketMQ, OSS...) reach FC as CloudEvents
// 1.0 envelopes: one object, or a batch delivered as a JSON array (of JSON strings, or of objects).

type CloudEventObject = Record<string, unknown> & { id: string; source: string; type: string; specversion: string; data?: unknown }

const CORE = new Set(['id', 'source', 'type', 'specversion', 'subject', 'time', 'datacontenttype', 'data', 'dataschema'])

function isAliyunCloudEvent(value: unknown): value is CloudEventObject {
  return isRecord(value) && value.specversion === '1.0' && typeof value.type === 'string' && ('aliyunaccountid' in value || 'aliyuneventbusname' in value || 'aliyunregionid' in value)
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** Where a message source keeps its message inside the envelope's `data`. */
interface MessageSource {
  /** The record's trigger name. */
  readonly trigger: string
  /** The field holding the message body. */
  readonly body: string
  /** The message id, when the source has one (else the envelope id). */
  id?(data: Record<string, unknown>): unknown
  /** The queue or topic name, when the source has one (else the envelope subject). */
  readonly queue?: string
  /** A map of user properties to add to the attributes. */
  readonly properties?: string
}

// The message sources EventBridge delivers to FC, by the documented CloudEvents `type` (Kafka
// `alikafka:Topic:Message`, MNS `mns:Queue:SendMessage`, RocketMQ `mq:Topic:SendMessage`, RabbitMQ
// `amqp:Queue:SendMessage`). Every other type, custom events included, is an envelope, whatever its data holds.
const MESSAGE_SOURCES: ReadonlyArray<readonly [prefix: string, source: MessageSource]> = [
  ['alikafka:Topic:', { trigger: 'kafka', body: 'value', queue: 'topic' }],
  ['mns:Queue:', { trigger: 'mns-queue', body: 'messageBody', id: (data) => data.messageId }],
  ['mq:Topic:', { trigger: 'rocketmq', body: 'body', queue: 'topic', properties: 'userProperties' }],
  ['amqp:Queue:', { trigger: 'rabbitmq', body: 'body', id: (data) => (isRecord(data.props) ? data.props.messageId : undefined) }],
]

// OSS object events (`oss:ObjectCreated:PutObject`...) carry one OSS notification record in `data`.
const OSS_OBJECT = 'oss:Object'

function messageSource(type: string): MessageSource | undefined {
  for (const [prefix, source] of MESSAGE_SOURCES) if (type.startsWith(prefix)) return source
  return undefined
}

// A body EventBridge delivered already parsed (a JSON message) becomes JSON text again; null (a Kafka tombstone) is empty.
function bodyText(value: unknown, trigger: string, field: string): string {
  if (typeof value === 'string') return value
  if (value === undefined) throw new InvalidEventError(trigger, field, 'is missing')
  return value === null ? '' : JSON.stringify(value)
}

function toMessage(envelope: CloudEventObject, attributes: Omit<CloudEventAttributes, 'specversion'>, at: number, prefix: string, source: MessageSource): QueueMessage {
  const data = envelope.data
  const where = `aliyun/${source.trigger}`
  if (!isRecord(data)) throw new InvalidEventError(where, `${prefix}data`, 'must be an object holding the message')
  const body = bodyText(data[source.body], where, `${prefix}data.${source.body}`)
  const props = emptyRecord<string>()
  const user = source.properties ? data[source.properties] : undefined
  if (isRecord(user)) for (const name in user) if (typeof user[name] === 'string') props[name] = user[name]
  for (const name in data) {
    const value = data[name]
    if (name !== source.body && (typeof value === 'string' || typeof value === 'number')) props[name] = String(value)
  }
  return queueMessage({
    ...attributes,
    provider: 'aliyun',
    trigger: source.trigger,
    index: at,
    raw: envelope,
    messageId: text(source.id?.(data)) ?? attributes.id,
    body,
    attributes: props,
    queue: (source.queue ? text(data[source.queue]) : undefined) ?? attributes.subject,
  })
}

function toStorage(envelope: CloudEventObject, at: number, prefix: string): StorageEvent {
  const data = envelope.data
  // The record's own eventName is `ObjectCreated:PutObject`; the type says the same with an `oss:` prefix.
  const record = isRecord(data) && typeof data.eventName !== 'string' ? { ...data, eventName: envelope.type.slice(4) } : data
  const object = readOssRecord(record, at, `${prefix}data`)
  return { ...object, id: envelope.id, time: text(envelope.time) ?? object.time, raw: envelope }
}

// Message sources become queue messages, OSS object events storage events; anything else stays an envelope.
function toRecord(envelope: CloudEventObject, index: number, trigger: string): FaasEvent {
  const prefix = index === -1 ? '' : `[${index}].`
  const source = requireString(`aliyun/${trigger}`, `${prefix}source`, envelope.source)
  const id = requireString(`aliyun/${trigger}`, `${prefix}id`, envelope.id)
  const type = requireString(`aliyun/${trigger}`, `${prefix}type`, envelope.type)
  const attributes = {
    id,
    source,
    type,
    subject: text(envelope.subject),
    time: text(envelope.time),
    datacontenttype: text(envelope.datacontenttype),
  }
  const at = Math.max(index, 0)
  const message = messageSource(type)
  if (message) return toMessage(envelope, attributes, at, prefix, message)
  if (type.startsWith(OSS_OBJECT)) return toStorage(envelope, at, prefix)
  // Prototype-free, so a `__proto__` field stays a plain extension instead of becoming the object's prototype.
  const extensions = emptyRecord<unknown>()
  for (const [name, value] of Object.entries(envelope)) if (!CORE.has(name)) extensions[name] = value
  return { kind: 'event', ...cloudEvent(attributes), provider: 'aliyun', trigger, index: at, raw: envelope, data: envelope.data, extensions }
}

/** One CloudEvents envelope from Alibaba Cloud EventBridge (an MNS queue message, an OSS object event, any other source). */
export const eventBridge: EventAdapter<CloudEventObject> = {
  provider: 'aliyun',
  trigger: 'eventbridge',
  kind: 'event',
  matches: (event) => isAliyunCloudEvent(event),
  toEvents: (event) => [toRecord(event, -1, 'eventbridge')],
}

// A batch element that is (or, as JSON text, holds) a CloudEvents envelope. Strings are parsed only when they
// look like one, so arrays from elsewhere are rejected without parsing.
function isEnvelopeElement(element: unknown): boolean {
  if (typeof element !== 'string') return isAliyunCloudEvent(element)
  if (element.charCodeAt(0) !== 123 /* { */ || !element.includes('"specversion"')) return false
  try {
    const parsed: unknown = JSON.parse(element)
    return isRecord(parsed) && parsed.specversion === '1.0'
  } catch {
    return false
  }
}

function parseElement(raw: unknown, index: number): unknown {
  if (typeof raw !== 'string') return raw
  try {
    return JSON.parse(raw)
  } catch (error) {
    throw new InvalidEventError('aliyun/eventbridge-batch', `[${index}]`, `is not JSON: ${(error as Error).message}`)
  }
}

/**
 * A batch from EventBridge (Kafka, RocketMQ and others in event-stream mode): a JSON array of CloudEvents
 * envelopes, as JSON strings or objects. Recognised when any element is one; every other element is a record
 * error reported with its index, and the rest still run.
 */
export const eventBridgeBatch: EventAdapter<unknown[]> = {
  provider: 'aliyun',
  trigger: 'eventbridge-batch',
  kind: 'queue',
  matches: (event) => Array.isArray(event) && event.some(isEnvelopeElement),
  toEvents(event): Array<FaasEvent | RecordError> {
    return readRecords(
      event,
      (raw, index) => {
        const envelope = parseElement(raw, index)
        if (!isRecord(envelope) || envelope.specversion !== '1.0') throw new InvalidEventError('aliyun/eventbridge-batch', `[${index}]`, 'is not a CloudEvents 1.0 envelope')
        return toRecord(envelope as CloudEventObject, index, 'eventbridge')
      },
      (raw) => {
        try {
          const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
          return isRecord(parsed) && typeof parsed.id === 'string' ? parsed.id : undefined
        } catch {
          return undefined
        }
      },
    )
  },
}
