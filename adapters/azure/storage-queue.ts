import { emptyRecord, optionalString, queueMessage, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { azureTriggerType, triggerMetadata, triggerOptions } from './context.js'
import { copyStrings, messageText } from './messages.js'

const TRIGGER = 'azure/storage-queue'

// The queue trigger's metadata (camel-cased by the Node.js library): QueueTrigger, DequeueCount, ExpirationTime,
// Id, InsertionTime, NextVisibleTime, PopReceipt (https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#message-metadata).
const ATTRIBUTES = ['dequeueCount', 'expirationTime', 'insertionTime', 'nextVisibleTime', 'popReceipt'] as const

/**
 * Azure Queue Storage triggers (`app.storageQueue`): one message per invocation. Its id and times come from
 * `context.triggerMetadata`; a failed message throws, so the host retries it (and moves it to `<queue>-poison`
 * after `maxDequeueCount` tries).
 */
export const storageQueue: EventAdapter<unknown> = {
  provider: 'azure',
  trigger: 'storage-queue',
  kind: 'queue',
  matches: (_event, context) => azureTriggerType(context) === 'queuetrigger',
  toEvents(event, context) {
    const metadata = triggerMetadata(context)
    const messageId = requireString(TRIGGER, 'triggerMetadata.id', metadata.id)
    // The input is the message (JSON parsed by the library); `triggerMetadata.queueTrigger` is the same payload,
    // with the keys of JSON camel-cased, so it is not read.
    const { body, bytes } = messageText(event)
    const attributes = emptyRecord<string>()
    copyStrings(attributes, metadata, ATTRIBUTES)
    const queue = optionalString(TRIGGER, 'options.trigger.queueName', triggerOptions(context).queueName)
    const message: QueueMessage = queueMessage({
      id: messageId,
      source: `azure:storage-queue/${queue ?? ''}`,
      type: 'azure.storage.queue.message',
      subject: queue,
      time: optionalString(TRIGGER, 'triggerMetadata.insertionTime', metadata.insertionTime),
      datacontenttype: undefined,
      provider: 'azure',
      trigger: 'storage-queue',
      index: 0,
      raw: event,
      messageId,
      body,
      ...(bytes ? { bytes } : {}),
      attributes,
      queue,
    })
    return [message]
  },
}
