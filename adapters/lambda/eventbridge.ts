import type { EventBridgeEvent } from 'aws-lambda'
import { cloudEvent, isRecord, requireString, timerEvent, type EnvelopeEvent, type EventAdapter } from '../../src/model/index.js'

type AnyEventBridgeEvent = EventBridgeEvent<string, unknown>

function isEventBridge(event: unknown): event is AnyEventBridgeEvent {
  return isRecord(event) && typeof event['detail-type'] === 'string' && 'detail' in event && typeof event.source === 'string' && 'account' in event
}

function isScheduled(event: AnyEventBridgeEvent): boolean {
  return event['detail-type'] === 'Scheduled Event' && (event.source === 'aws.events' || event.source === 'aws.scheduler')
}

/**
 * Scheduled events: EventBridge (CloudWatch Events) schedule rules, and EventBridge Scheduler schedules whose
 * input follows the same envelope (the README shows the input template with Scheduler's context attributes).
 */
export const schedule: EventAdapter<AnyEventBridgeEvent> = {
  provider: 'aws',
  trigger: 'schedule',
  kind: 'timer',
  matches: (event) => isEventBridge(event) && isScheduled(event),
  toEvents(event) {
    const time = requireString('aws/schedule', 'time', event.time)
    const rule = Array.isArray(event.resources) && typeof event.resources[0] === 'string' ? event.resources[0] : undefined
    const detail = event.detail
    const payload = isRecord(detail) && Object.keys(detail).length === 0 ? undefined : JSON.stringify(detail)
    return [
      timerEvent({
        provider: 'aws',
        trigger: 'schedule',
        raw: event,
        id: requireString('aws/schedule', 'id', event.id),
        source: rule ?? event.source,
        type: `${event.source}.scheduled`,
        datacontenttype: 'application/json',
        triggerName: rule?.split('/').pop(),
        scheduledTime: time,
        payload,
        data: payload === undefined ? undefined : detail,
      }),
    ]
  },
}

/** Any other EventBridge event, passed through as an envelope (`type` is the detail-type, `data` the detail). */
export const eventBridge: EventAdapter<AnyEventBridgeEvent> = {
  provider: 'aws',
  trigger: 'eventbridge',
  kind: 'event',
  matches: (event) => isEventBridge(event) && !isScheduled(event),
  toEvents(event) {
    const { id, source, time, detail, resources, ...rest } = event
    const record: EnvelopeEvent = {
      kind: 'event',
      ...cloudEvent({
        id: requireString('aws/eventbridge', 'id', id),
        source,
        type: event['detail-type'],
        subject: Array.isArray(resources) && typeof resources[0] === 'string' ? resources[0] : undefined,
        time: typeof time === 'string' ? time : undefined,
        datacontenttype: 'application/json',
      }),
      provider: 'aws',
      trigger: 'eventbridge',
      index: 0,
      raw: event,
      data: detail,
      extensions: { ...rest, resources },
    }
    return [record]
  },
}
