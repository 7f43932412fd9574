import { isRecord, optionalString, requireString, timerEvent, type EventAdapter } from '../../src/model/index.js'
import { isFunctionGraphContext } from './context.js'

const TRIGGER = 'huawei/timer'

/**
 * The timer trigger event: `{ version, time, trigger_type: 'TIMER', trigger_name, user_event }` ("Timer Event
 * Source": https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/trigger_events/trigger_timer_event.html).
 */
export interface HuaweiTimerEvent {
  version?: string
  time: string
  trigger_type: 'TIMER'
  trigger_name: string
  /** The "additional information" configured on the trigger: the payload. */
  user_event?: string
}

/** FunctionGraph timer triggers. */
export const timer: EventAdapter<HuaweiTimerEvent> = {
  provider: 'huawei',
  trigger: 'timer',
  kind: 'timer',
  matches: (event, context) => isFunctionGraphContext(context) && isRecord(event) && event.trigger_type === 'TIMER',
  toEvents(event) {
    const time = requireString(TRIGGER, 'time', event.time)
    const name = requireString(TRIGGER, 'trigger_name', event.trigger_name)
    const given = optionalString(TRIGGER, 'user_event', event.user_event)
    const payload = given === '' ? undefined : given
    return [timerEvent({ provider: 'huawei', trigger: 'timer', raw: event, id: `${name}@${time}`, source: `huawei:functiongraph:timer/${name}`, type: 'huawei.functiongraph.timer', triggerName: name, scheduledTime: time, payload })]
  },
}
