import { InvalidEventError, isRecord, queueMessage, readRecords, requireInteger, requireString, emptyRecord, type EventAdapter, type QueueMessage } from '../../src/model/index.js'

/** The SCF CMQ topic trigger event. */
export interface ScfCmqEvent {
  Records: Array<{ CMQ: { msgBody: string; msgId: string; msgTag?: string; publishTime?: string; requestId?: string; subscriptionName?: string; topicName?: string; topicOwner?: number; type?: string } }>
}

/** The SCF CKafka trigger event. */
export interface ScfCkafkaEvent {
  Records: Array<{ Ckafka: { msgBody: string; msgKey?: string; offset: number; partition: number; topic: string } }>
}

function firstRecordHas(event: unknown, field: string): boolean {
  if (!isRecord(event) || !Array.isArray(event.Records)) return false
  const first: unknown = event.Records[0]
  return isRecord(first) && isRecord(first[field])
}

function section(raw: unknown, index: number, field: string, trigger: string): Record<string, unknown> {
  if (!isRecord(raw) || !isRecord(raw[field])) throw new InvalidEventError(trigger, `Records[${index}].${field}`, 'is missing')
  return raw[field]
}

function strings(values: Record<string, unknown>, names: string[]): Record<string, string> {
  const out = emptyRecord<string>()
  for (const name of names) {
    const value = values[name]
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value)
  }
  return out
}

/** CMQ topic subscriptions on SCF: one message per record. */
export const cmq: EventAdapter<ScfCmqEvent> = {
  provider: 'tencent',
  trigger: 'cmq',
  kind: 'queue',
  matches: (event) => firstRecordHas(event, 'CMQ'),
  toEvents: (event) =>
    readRecords(
      event.Records,
      (raw, index): QueueMessage => {
        const m = section(raw, index, 'CMQ', 'tencent/cmq')
        const messageId = requireString('tencent/cmq', `Records[${index}].CMQ.msgId`, m.msgId)
        const topic = typeof m.topicName === 'string' ? m.topicName : undefined
        return queueMessage({
          id: messageId,
          source: `qcs::cmq:topic/${topic ?? ''}`,
          type: 'tencent.cmq.message',
          subject: typeof m.subscriptionName === 'string' ? m.subscriptionName : undefined,
          time: typeof m.publishTime === 'string' ? m.publishTime : undefined,
          datacontenttype: undefined,
          provider: 'tencent',
          trigger: 'cmq',
          index,
          raw,
          messageId,
          body: requireString('tencent/cmq', `Records[${index}].CMQ.msgBody`, m.msgBody),
          attributes: strings(m, ['msgTag', 'subscriptionName', 'type', 'requestId', 'topicOwner']),
          queue: topic,
        })
      },
      (raw) => (isRecord(raw) && isRecord(raw.CMQ) && typeof raw.CMQ.msgId === 'string' ? raw.CMQ.msgId : undefined),
    ),
}

/**
 * CKafka triggers on SCF: one message per record; the id is `topic:partition:offset`. SCF consumes a topic in
 * order, the next batch only after the previous invocation ends (https://cloud.tencent.com/document/product/583/17530),
 * so a batch stops at its first failure and the invocation fails: SCF retries it, with the messages after the
 * failed one, in order.
 */
export const ckafka: EventAdapter<ScfCkafkaEvent> = {
  provider: 'tencent',
  trigger: 'ckafka',
  kind: 'queue',
  matches: (event) => firstRecordHas(event, 'Ckafka'),
  toEvents: (event) =>
    readRecords(
      event.Records,
      (raw, index): QueueMessage => {
        const m = section(raw, index, 'Ckafka', 'tencent/ckafka')
        const at = `Records[${index}].Ckafka`
        // topic:partition:offset is the message's identity, which users deduplicate on: all three must be there.
        const topic = requireString('tencent/ckafka', `${at}.topic`, m.topic)
        const messageId = `${topic}:${requireInteger('tencent/ckafka', `${at}.partition`, m.partition)}:${requireInteger('tencent/ckafka', `${at}.offset`, m.offset)}`
        return queueMessage({
          id: messageId,
          source: `qcs::ckafka:topic/${topic}`,
          type: 'tencent.ckafka.message',
          subject: typeof m.msgKey === 'string' ? m.msgKey : undefined,
          time: undefined,
          datacontenttype: undefined,
          provider: 'tencent',
          trigger: 'ckafka',
          index,
          raw,
          messageId,
          body: requireString('tencent/ckafka', `Records[${index}].Ckafka.msgBody`, m.msgBody),
          attributes: strings(m, ['msgKey', 'partition', 'offset', 'topic']),
          queue: topic,
        })
      },
      () => undefined,
    ),
  ordered: () => true,
}
