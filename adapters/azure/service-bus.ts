import { emptyRecord, InvalidEventError, queueMessage, readRecords, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { azureTriggerType, triggerMetadata, triggerOptions } from './context.js'
import { copyStrings, messageText, metadataString, propertyStrings } from './messages.js'

const TRIGGER = 'azure/service-bus'

// The Service Bus trigger's message metadata (camel-cased by the Node.js library), per
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger#message-metadata; with
// `cardinality: 'many'` each comes as a list, one value per message, under `<name>Array`.
const ATTRIBUTES = ['deliveryCount', 'enqueuedTimeUtc', 'expiresAtUtc', 'sequenceNumber', 'contentType', 'correlationId', 'label', 'subject', 'replyTo', 'to', 'sessionId', 'deadLetterSource'] as const

/** The entity the function listens to: the queue, or `topic/subscription`, as registered. */
function entityName(context: unknown): string | undefined {
  const options = triggerOptions(context)
  if (typeof options.queueName === 'string') return options.queueName
  if (typeof options.topicName === 'string') return typeof options.subscriptionName === 'string' ? `${options.topicName}/${options.subscriptionName}` : options.topicName
  return undefined
}

/** Metadata for message `index`: the `<name>Array` entry in a batch, the plain field for one message. */
function metadataAt(metadata: Record<string, unknown>, index: number | undefined): Record<string, unknown> {
  if (index === undefined) return metadata
  const out: Record<string, unknown> = emptyRecord()
  for (const name of [...ATTRIBUTES, 'messageId', 'applicationProperties', 'userProperties']) {
    const list = metadata[`${name}Array`]
    if (Array.isArray(list)) out[name] = list[index]
  }
  return out
}

function read(message: unknown, index: number, batch: boolean, metadata: Record<string, unknown>, queue: string | undefined): QueueMessage {
  const fields = metadataAt(metadata, batch ? index : undefined)
  const field = batch ? `triggerMetadata.messageIdArray[${index}]` : 'triggerMetadata.messageId'
  const messageId = metadataString(fields.messageId)
  if (messageId === undefined) throw new InvalidEventError(TRIGGER, field, fields.messageId === undefined ? 'is missing' : 'must be a string')
  const attributes = emptyRecord<string>()
  copyStrings(attributes, fields, ATTRIBUTES)
  propertyStrings(attributes, fields.applicationProperties ?? fields.userProperties)
  const { body, bytes } = messageText(message)
  return queueMessage({
    id: messageId,
    source: `azure:service-bus/${queue ?? ''}`,
    type: 'azure.servicebus.message',
    subject: metadataString(fields.subject ?? fields.label),
    time: metadataString(fields.enqueuedTimeUtc),
    datacontenttype: metadataString(fields.contentType),
    provider: 'azure',
    trigger: 'service-bus',
    index,
    raw: message,
    messageId,
    body,
    ...(bytes ? { bytes } : {}),
    attributes,
    queue,
  })
}

/**
 * Service Bus queue and topic triggers (`app.serviceBusQueue`, `app.serviceBusTopic`): one message, or a batch
 * with `cardinality: 'many'`. A failed message fails the invocation, so the host abandons the batch and Service
 * Bus delivers it again (up to the entity's max delivery count).
 */
export const serviceBus: EventAdapter<unknown> = {
  provider: 'azure',
  trigger: 'service-bus',
  kind: 'queue',
  matches: (_event, context) => azureTriggerType(context) === 'servicebustrigger',
  toEvents(event, context) {
    const metadata = triggerMetadata(context)
    const queue = entityName(context)
    const batch = triggerOptions(context).cardinality === 'many'
    if (!batch) return [read(event, 0, false, metadata, queue)]
    if (!Array.isArray(event)) throw new InvalidEventError(TRIGGER, 'messages', "must be a list with cardinality 'many'")
    return readRecords(event, (message, index) => read(message, index, true, metadata, queue), () => undefined)
  },
}
