import {
  cloudEvent,
  emptyRecord,
  InvalidEventError,
  isRecord,
  queueMessage,
  readRecords,
  requireString,
  type EnvelopeEvent,
  type EventAdapter,
  type FaasEvent,
  type QueueMessage,
  type RecordError,
} from '../../src/model/index.js'

// Sources routed through Alibaba Cloud EventBridge (MNS queues, Kafka, RocketMQ...) reach FC as CloudEvents
// 1.0 envelopes: one object, or a batch delivered as a JSON array of JSON strings.

type CloudEventObject = Record<string, unknown> & { id: string; source: string; type: string; specversion: string; data?: unknown }

const CORE = new Set(['id', 'source', 'type', 'specversion', 'subject', 'time', 'datacontenttype', 'data', 'dataschema'])

function isAliyunCloudEvent(value: unknown): value is CloudEventObject {
  return isRecord(value) && value.specversion === '1.0' && typeof value.type === 'string' && ('aliyunaccountid' in value || 'aliyuneventbusname' in value || 'aliyunregionid' in value)
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

// Kafka and MQ sources carry a message in `data`: it becomes a queue message; anything else stays an envelope.
function toRecord(envelope: CloudEventObject, index: number, trigger: string): QueueMessage | EnvelopeEvent {
  const source = requireString(`aliyun/${trigger}`, index === -1 ? 'source' : `[${index}].source`, envelope.source)
  const id = requireString(`aliyun/${trigger}`, index === -1 ? 'id' : `[${index}].id`, envelope.id)
  const attributes = {
    id,
    source,
    type: envelope.type,
    subject: text(envelope.subject),
    time: text(envelope.time),
    datacontenttype: text(envelope.datacontenttype),
  }
  const data = envelope.data
  const message = isRecord(data) ? (data.messageBody ?? data.value ?? data.body) : undefined
  const at = Math.max(index, 0)
  if (typeof message === 'string') {
    const kafka = envelope.type.startsWith('alikafka:')
    const props = emptyRecord<string>()
    for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
      if (name !== 'messageBody' && name !== 'value' && name !== 'body' && (typeof value === 'string' || typeof value === 'number')) props[name] = String(value)
    }
    return queueMessage({
      ...attributes,
      provider: 'aliyun',
      trigger: kafka ? 'kafka' : envelope.type.startsWith('mns:') ? 'mns-queue' : trigger,
      index: at,
      raw: envelope,
      messageId: text((data as Record<string, unknown>).messageId) ?? id,
      body: message,
      attributes: props,
      queue: text((data as Record<string, unknown>).topic) ?? attributes.subject,
    })
  }
  const extensions: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(envelope)) if (!CORE.has(name)) extensions[name] = value
  return { kind: 'event', ...cloudEvent(attributes), provider: 'aliyun', trigger, index: at, raw: envelope, data, extensions }
}

/** One CloudEvents envelope from Alibaba Cloud EventBridge (an MNS queue message, or any other source). */
export const eventBridge: EventAdapter<CloudEventObject> = {
  provider: 'aliyun',
  trigger: 'eventbridge',
  kind: 'queue',
  matches: (event) => isAliyunCloudEvent(event),
  toEvents: (event) => [toRecord(event, -1, 'eventbridge')],
}

/** A batch from EventBridge (Kafka and others): a JSON array of JSON strings, each a CloudEvents envelope. */
export const eventBridgeBatch: EventAdapter<unknown[]> = {
  provider: 'aliyun',
  trigger: 'eventbridge-batch',
  kind: 'queue',
  matches(event) {
    if (!Array.isArray(event) || event.length === 0) return false
    const first: unknown = event[0]
    return typeof first === 'string' ? first.startsWith('{') && first.includes('"specversion"') : isAliyunCloudEvent(first)
  },
  toEvents(event): Array<FaasEvent | RecordError> {
    return readRecords(
      event,
      (raw, index) => {
        let envelope: unknown = raw
        if (typeof raw === 'string') {
          try {
            envelope = JSON.parse(raw)
          } catch (error) {
            throw new InvalidEventError('aliyun/eventbridge-batch', `[${index}]`, `is not JSON: ${(error as Error).message}`)
          }
        }
        if (!isRecord(envelope) || typeof envelope.type !== 'string') throw new InvalidEventError('aliyun/eventbridge-batch', `[${index}]`, 'is not a CloudEvents envelope')
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
