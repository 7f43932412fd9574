import { emptyRecord, InvalidEventError, isRecord, queueMessage, readRecords, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { isFunctionGraphContext } from './context.js'

const TRIGGER = 'huawei/smn'

/**
 * The SMN trigger event: `{ record: [{ event_version, smn: {...}, event_subscription_urn, event_source: 'smn' }],
 * functionname, requestId, timestamp }` ("SMN Event Source": https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/trigger_events/trigger_smn_event.html,
 * and Huawei Cloud's "FunctionGraph支持的触发事件: 示例事件").
 */
export interface HuaweiSmnEvent {
  record: Array<{
    event_version?: string
    event_source: 'smn'
    event_subscription_urn?: string
    smn: { topic_urn?: string; timestamp?: string; message_attributes?: Record<string, unknown> | null; message: string; type?: string; message_id: string; subject?: string }
  }>
  functionname?: string
  requestId?: string
  timestamp?: string
}

// `urn:smn:<region>:<project id>:<topic name>`: the topic is the last part.
function topicName(urn: unknown): string | undefined {
  if (typeof urn !== 'string' || urn === '') return undefined
  return urn.slice(urn.lastIndexOf(':') + 1) || undefined
}

function attributes(given: unknown): Record<string, string> {
  const out = emptyRecord<string>()
  if (!isRecord(given)) return out
  for (const name in given) {
    const value = given[name]
    if (typeof value === 'string') out[name] = value
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value)
  }
  return out
}

function read(raw: unknown, index: number): QueueMessage {
  const at = `record[${index}].smn`
  if (!isRecord(raw) || !isRecord(raw.smn)) throw new InvalidEventError(TRIGGER, at, 'is missing')
  const m = raw.smn
  const messageId = requireString(TRIGGER, `${at}.message_id`, m.message_id)
  const urn = typeof m.topic_urn === 'string' ? m.topic_urn : undefined
  return queueMessage({
    id: messageId,
    source: urn ?? 'huawei:smn',
    type: `huawei.smn.${typeof m.type === 'string' && m.type !== '' ? m.type : 'notification'}`,
    subject: typeof m.subject === 'string' && m.subject !== '' ? m.subject : undefined,
    time: typeof m.timestamp === 'string' ? m.timestamp : undefined,
    datacontenttype: undefined,
    provider: 'huawei',
    trigger: 'smn',
    index,
    raw,
    messageId,
    body: requireString(TRIGGER, `${at}.message`, m.message),
    attributes: attributes(m.message_attributes),
    queue: topicName(urn),
  })
}

/** SMN topic subscriptions of FunctionGraph functions: one message per record. */
export const smn: EventAdapter<HuaweiSmnEvent> = {
  provider: 'huawei',
  trigger: 'smn',
  kind: 'queue',
  matches(event, context) {
    if (!isFunctionGraphContext(context) || !isRecord(event) || !Array.isArray(event.record)) return false
    const first: unknown = event.record[0]
    return isRecord(first) && (first.event_source === 'smn' || isRecord(first.smn))
  },
  toEvents: (event) =>
    readRecords(event.record, read, (raw) => (isRecord(raw) && isRecord(raw.smn) && typeof raw.smn.message_id === 'string' ? raw.smn.message_id : undefined)),
}
