import { cloudEvent, cloudEventPayload, emptyRecord, InvalidEventError, isRecord, optionalString, requireString, type EnvelopeEvent, type EventAdapter } from '../../src/model/index.js'
import { azureTriggerType } from './context.js'

const TRIGGER = 'azure/event-grid'

// Event Grid delivers an event in the Event Grid schema (id, topic, subject, eventType, eventTime, data, dataVersion,
// metadataVersion: https://learn.microsoft.com/azure/event-grid/event-schema) or in the CloudEvents 1.0 schema (id,
// source, type, specversion, time, subject, data: https://learn.microsoft.com/azure/event-grid/cloud-event-schema).

const GRID_FIELDS = new Set(['id', 'topic', 'subject', 'eventType', 'eventTime', 'data', 'dataVersion', 'metadataVersion'])
const CLOUD_FIELDS = new Set(['id', 'source', 'type', 'specversion', 'time', 'subject', 'data', 'datacontenttype', 'data_base64', 'dataschema'])

function extensions(event: Record<string, unknown>, known: Set<string>): Record<string, unknown> {
  const out = emptyRecord<unknown>()
  for (const key of Object.keys(event)) if (!known.has(key)) out[key] = event[key]
  return out
}

/** Event Grid triggers (`app.eventGrid`): the event, in either schema, as an `event` record (binary CloudEvent data as a Buffer). */
export const eventGrid: EventAdapter<Record<string, unknown>> = {
  provider: 'azure',
  trigger: 'event-grid',
  kind: 'event',
  matches: (_event, context) => azureTriggerType(context) === 'eventgridtrigger',
  toEvents(event) {
    if (!isRecord(event)) throw new InvalidEventError(TRIGGER, 'event', 'must be an Event Grid event object')
    const id = requireString(TRIGGER, 'id', event.id)
    const subject = optionalString(TRIGGER, 'subject', event.subject)
    // The two schemas name the same attributes differently; the record is the same.
    const cloud = event.specversion !== undefined
    const attributes = cloud
      ? {
          source: requireString(TRIGGER, 'source', event.source),
          type: requireString(TRIGGER, 'type', event.type),
          time: optionalString(TRIGGER, 'time', event.time),
          datacontenttype: optionalString(TRIGGER, 'datacontenttype', event.datacontenttype),
        }
      : {
          source: requireString(TRIGGER, 'topic', event.topic),
          type: requireString(TRIGGER, 'eventType', event.eventType),
          time: optionalString(TRIGGER, 'eventTime', event.eventTime),
          datacontenttype: undefined,
        }
    const record: EnvelopeEvent = {
      kind: 'event',
      ...cloudEvent({ id, subject, ...attributes }),
      provider: 'azure',
      trigger: 'event-grid',
      index: 0,
      raw: event,
      data: cloud ? cloudEventPayload(TRIGGER, event) : event.data,
      extensions: cloud ? extensions(event, CLOUD_FIELDS) : { ...extensions(event, GRID_FIELDS), dataVersion: event.dataVersion, metadataVersion: event.metadataVersion },
    }
    return [record]
  },
}
