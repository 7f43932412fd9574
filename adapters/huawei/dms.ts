import { InvalidEventError, isRecord, isoTimeFromMillis, queueMessage, readRecords, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { isFunctionGraphContext } from './context.js'

const TRIGGER = 'huawei/dms'

/** The `trigger_type` values of the DMS triggers read here: DMS for Kafka (and open-source Kafka) and DMS for RocketMQ. */
const TYPES = new Set(['KAFKA', 'ROCKETMQ'])

/**
 * The DMS for Kafka / DMS for RocketMQ trigger event: `{ event_version, event_time, trigger_type, region,
 * instance_id, records: [{ messages: string[], topic_id }] }` ("DMS for Kafka Event Source" and "DMS for RocketMQ
 * Event Source": https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/trigger_events/trigger_dms4kafka_event.html,
 * .../trigger_dms4rocketmq_event.html).
 */
export interface HuaweiDmsEvent {
  event_version?: string
  /** Epoch seconds. */
  event_time?: number
  trigger_type: 'KAFKA' | 'ROCKETMQ'
  region?: string
  instance_id?: string
  records: Array<{ messages: string[]; topic_id: string }>
}

/** One message of the batch, with where it sat; `problem` marks a record that could not be read. */
interface Entry {
  record: number
  position: number
  topic: string | undefined
  message: unknown
  problem?: InvalidEventError
}

// The messages of every record, in order; a record without a topic or a message list is one entry that fails.
function entries(event: HuaweiDmsEvent): Entry[] {
  const out: Entry[] = []
  const records: unknown = event.records
  if (!Array.isArray(records)) throw new InvalidEventError(TRIGGER, 'records', 'must be a list')
  records.forEach((raw: unknown, record) => {
    if (!isRecord(raw)) {
      out.push({ record, position: 0, topic: undefined, message: raw, problem: new InvalidEventError(TRIGGER, `records[${record}]`, 'must be an object') })
      return
    }
    const topic = typeof raw.topic_id === 'string' ? raw.topic_id : undefined
    if (topic === undefined) {
      out.push({ record, position: 0, topic, message: raw, problem: new InvalidEventError(TRIGGER, `records[${record}].topic_id`, raw.topic_id === undefined ? 'is missing' : 'must be a string') })
      return
    }
    if (!Array.isArray(raw.messages)) {
      out.push({ record, position: 0, topic, message: raw, problem: new InvalidEventError(TRIGGER, `records[${record}].messages`, 'must be a list of strings') })
      return
    }
    raw.messages.forEach((message: unknown, position) => out.push({ record, position, topic, message }))
  })
  return out
}

/**
 * DMS for Kafka, open-source Kafka and DMS for RocketMQ triggers: one message per entry of each record's
 * `messages`. The event carries no message ids, offsets or keys, so `messageId` is built from the instance, the
 * topic, the event time and the message's place in the batch: it names the message within this delivery, but a
 * redelivered message does not keep it (deduplicate on the message content). FunctionGraph polls the topic and
 * hands the function a batch ("Using a Kafka Trigger"); Kafka and RocketMQ keep order within a queue, so the batch
 * runs in order and stops at its first failure, the messages after it not run: the invocation fails and the batch
 * comes again, rather than later messages being handled before an earlier one.
 */
export const dms: EventAdapter<HuaweiDmsEvent> = {
  provider: 'huawei',
  trigger: 'dms',
  kind: 'queue',
  matches: (event, context) => isFunctionGraphContext(context) && isRecord(event) && TYPES.has(event.trigger_type as string) && 'records' in event,
  ordered: () => true,
  toEvents(event) {
    const kind = String(event.trigger_type).toLowerCase()
    const instance = typeof event.instance_id === 'string' ? event.instance_id : ''
    const seconds = typeof event.event_time === 'number' ? event.event_time : undefined
    const time = seconds === undefined ? undefined : isoTimeFromMillis(seconds * 1000)
    return readRecords(
      entries(event),
      (raw, index): QueueMessage => {
        const entry = raw as Entry
        if (entry.problem) throw entry.problem
        const body = requireString(TRIGGER, `records[${entry.record}].messages[${entry.position}]`, entry.message)
        const messageId = `${instance}/${entry.topic}/${seconds ?? ''}/${entry.record}.${entry.position}`
        return queueMessage({
          id: messageId,
          source: `huawei:dms:${typeof event.region === 'string' ? event.region : ''}:${instance}`,
          type: `huawei.dms.${kind}.message`,
          subject: entry.topic,
          time,
          datacontenttype: undefined,
          provider: 'huawei',
          trigger: 'dms',
          index,
          raw: entry.message,
          messageId,
          body,
          attributes: { trigger_type: String(event.trigger_type), topic_id: entry.topic! },
          queue: entry.topic,
        })
      },
      () => undefined,
    )
  },
}
