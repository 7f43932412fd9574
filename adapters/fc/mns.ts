import { emptyRecord, isRecord, isoTimeFromMillis, queueMessage, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'

// MNS topic subscriptions reach FC in one of two formats, chosen on the subscription: JSON (the message
// and its metadata as one object) or STREAM (`{ body, attrs }`).

const KNOWN = new Set(['TopicOwner', 'Message', 'Subscriber', 'PublishTime', 'SubscriptionName', 'MessageMD5', 'TopicName', 'MessageId'])

/** An MNS topic notification in JSON format. */
export interface FcMnsTopicEvent {
  TopicOwner: string
  Message: string
  Subscriber: string
  /** Epoch milliseconds: a number, or its decimal string (MNS's JSON notify format). */
  PublishTime: number | string
  SubscriptionName: string
  MessageMD5: string
  TopicName: string
  MessageId: string
  [attribute: string]: unknown
}

/** An MNS topic notification in STREAM format. */
export interface FcMnsStreamEvent {
  body: string
  attrs: Record<string, string>
}

/** MNS topic triggers, JSON format: message attributes arrive as extra top-level fields. */
export const mnsTopic: EventAdapter<FcMnsTopicEvent> = {
  provider: 'aliyun',
  trigger: 'mns-topic',
  kind: 'queue',
  matches: (event) => isRecord(event) && typeof event.TopicName === 'string' && 'MessageId' in event && 'Message' in event,
  toEvents(event) {
    const messageId = requireString('aliyun/mns-topic', 'MessageId', event.MessageId)
    const body = requireString('aliyun/mns-topic', 'Message', event.Message)
    const attributes = emptyRecord<string>()
    for (const [name, value] of Object.entries(event)) if (!KNOWN.has(name) && typeof value === 'string') attributes[name] = value
    // A number in FC's samples, a numeric string in MNS's JSON notify format.
    const published = isoTimeFromMillis(typeof event.PublishTime === 'string' && /^\d+$/.test(event.PublishTime) ? Number(event.PublishTime) : event.PublishTime)
    const record: QueueMessage = queueMessage({
      id: messageId,
      source: `acs:mns:topics/${event.TopicName}`,
      type: 'aliyun.mns.topic.message',
      subject: typeof event.SubscriptionName === 'string' ? event.SubscriptionName : undefined,
      time: published,
      datacontenttype: undefined,
      provider: 'aliyun',
      trigger: 'mns-topic',
      index: 0,
      raw: event,
      messageId,
      body,
      attributes,
      queue: event.TopicName,
    })
    return [record]
  },
}

/** MNS topic triggers, STREAM format: the message body and its attributes; the id is the request's. */
export const mnsStream: EventAdapter<FcMnsStreamEvent> = {
  provider: 'aliyun',
  trigger: 'mns-stream',
  kind: 'queue',
  matches(event) {
    if (!isRecord(event) || typeof event.body !== 'string' || !isRecord(event.attrs)) return false
    for (const key in event) if (key !== 'body' && key !== 'attrs') return false
    return true
  },
  toEvents(event, context) {
    const attributes = emptyRecord<string>()
    for (const [name, value] of Object.entries(event.attrs)) if (typeof value === 'string') attributes[name] = value
    const requestId = isRecord(context) && typeof context.requestId === 'string' ? context.requestId : undefined
    const messageId = attributes.MessageId ?? requestId ?? 'mns-stream-message'
    return [
      queueMessage({
        id: messageId,
        source: 'acs:mns',
        type: 'aliyun.mns.topic.message',
        subject: undefined,
        time: undefined,
        datacontenttype: undefined,
        provider: 'aliyun',
        trigger: 'mns-stream',
        index: 0,
        raw: event,
        messageId,
        body: event.body,
        attributes,
        queue: undefined,
      }),
    ]
  },
}
