import { emptyRecord, InvalidEventError, isBase64, isRecord, queueMessage, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { attributesOf, dataObject, isGcpCloudEvent, type GcpCloudEvent } from './cloud-event.js'

const TRIGGER = 'gcp/pubsub'
const TYPE = 'google.cloud.pubsub.topic.v1.messagePublished'

/**
 * The data of a Pub/Sub `messagePublished` CloudEvent (MessagePublishedData,
 * https://cloud.google.com/eventarc/docs/cloudevents#pubsub and
 * https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/pubsub/v1/data.proto).
 */
export interface GcpPubSubData {
  message: {
    /** The payload, base64. Absent for a message with attributes only. */
    data?: string
    attributes?: Record<string, string>
    messageId: string
    publishTime?: string
    orderingKey?: string
  }
  subscription?: string
}

function topicOf(source: string): string | undefined {
  const at = source.lastIndexOf('/topics/')
  return at === -1 ? undefined : source.slice(at + 8) || undefined
}

/**
 * The body of a push subscription that calls the function directly, without Eventarc
 * (https://cloud.google.com/pubsub/docs/push, "Receive messages": `{ message, subscription }`). The framework turns
 * one whose message has `data` into a CloudEvent (its legacyPubSubEventMiddleware) and hands any other over as it
 * came: a message with attributes only, which Pub/Sub allows (PubsubMessage: "either a non-empty data field, or at
 * least one attribute"), would otherwise match nothing, fail, and be pushed again forever.
 */
export interface GcpPubSubPushBody {
  message: GcpPubSubData['message']
  subscription: string
}

function isPushBody(event: unknown, context: unknown): event is GcpPubSubPushBody {
  if (!isRecord(event) || isRecord(context) || 'specversion' in event || typeof event.subscription !== 'string') return false
  const message = event.message
  return isRecord(message) && (typeof message.messageId === 'string' || typeof message.message_id === 'string')
}

/** The CloudEvent a push body stands for, as the framework would have made it (its source names the subscription). */
function asCloudEvent(body: GcpPubSubPushBody): GcpCloudEvent {
  const message = body.message as Record<string, unknown>
  const id = (message.messageId ?? message.message_id) as string
  const time = message.publishTime ?? message.publish_time
  return { specversion: '1.0', id, source: `//pubsub.googleapis.com/${body.subscription}`, type: TYPE, time: typeof time === 'string' ? time : undefined, data: body }
}

/**
 * Pub/Sub messages delivered through Eventarc (Cloud Scheduler jobs that publish to a topic arrive this way too), and
 * by a push subscription that calls the function directly.
 */
export const pubsub: EventAdapter<GcpCloudEvent | GcpPubSubPushBody> = {
  provider: 'gcp',
  trigger: 'pubsub',
  kind: 'queue',
  matches: (event, context): event is GcpCloudEvent | GcpPubSubPushBody => (isGcpCloudEvent(event, context) && event.type === TYPE) || isPushBody(event, context),
  toEvents(delivered) {
    const event = 'specversion' in delivered ? delivered : asCloudEvent(delivered)
    const attributes = attributesOf(TRIGGER, event)
    const data = dataObject(TRIGGER, event)
    const message = data.message
    if (!isRecord(message)) throw new InvalidEventError(TRIGGER, 'data.message', 'must be an object holding the message')
    const messageId = message.messageId ?? message.message_id
    if (typeof messageId !== 'string' || messageId === '') throw new InvalidEventError(TRIGGER, 'data.message.messageId', 'must be a non-empty string')
    const encoded = message.data
    if (encoded !== undefined && (typeof encoded !== 'string' || !isBase64(encoded))) throw new InvalidEventError(TRIGGER, 'data.message.data', 'must be base64 text')
    const bytes = encoded === undefined ? Buffer.alloc(0) : Buffer.from(encoded, 'base64')
    const props = emptyRecord<string>()
    if (message.attributes !== undefined && message.attributes !== null) {
      if (!isRecord(message.attributes)) throw new InvalidEventError(TRIGGER, 'data.message.attributes', 'must be a map of strings')
      for (const name in message.attributes) {
        const value = message.attributes[name]
        if (typeof value !== 'string') throw new InvalidEventError(TRIGGER, `data.message.attributes.${name}`, `must be a string, got ${typeof value}`)
        props[name] = value
      }
    }
    const record: QueueMessage = queueMessage({
      ...attributes,
      time: attributes.time ?? (typeof message.publishTime === 'string' ? message.publishTime : undefined),
      provider: 'gcp',
      trigger: 'pubsub',
      index: 0,
      raw: delivered,
      messageId,
      body: bytes.toString('utf8'),
      bytes,
      attributes: props,
      queue: topicOf(attributes.source),
    })
    return [record]
  },
}
