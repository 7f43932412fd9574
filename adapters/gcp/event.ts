import { cloudEvent, cloudEventPayload, type EnvelopeEvent, type EventAdapter } from '../../src/model/index.js'
import { attributesOf, extensionsOf, isGcpCloudEvent, type GcpCloudEvent } from './cloud-event.js'

/**
 * Any other CloudEvent the Functions Framework delivers (Firestore, Eventarc audit logs, custom events...): an
 * `event` record with its attributes, `data` as delivered (the bytes of a structured-mode `data_base64`) and the
 * extensions. Asked after every other cloud's adapters, as it claims anything CloudEvent-shaped that arrives
 * without a platform context.
 */
export const event: EventAdapter<GcpCloudEvent> = {
  provider: 'gcp',
  trigger: 'cloudevent',
  kind: 'event',
  matches: isGcpCloudEvent,
  toEvents(ce) {
    const record: EnvelopeEvent = {
      kind: 'event',
      ...cloudEvent(attributesOf('gcp/cloudevent', ce)),
      provider: 'gcp',
      trigger: 'cloudevent',
      index: 0,
      raw: ce,
      data: cloudEventPayload('gcp/cloudevent', ce),
      extensions: extensionsOf(ce),
    }
    return [record]
  },
}
