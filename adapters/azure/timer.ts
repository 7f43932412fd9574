import { InvalidEventError, isRecord, timerEvent, type EventAdapter } from '../../src/model/index.js'
import { azureTriggerType } from './context.js'

const TRIGGER = 'azure/timer'

/** The `Timer` object Azure Functions hands a timer function (@azure/functions `Timer`). */
export interface AzureTimer {
  isPastDue: boolean
  schedule?: { adjustForDST?: boolean }
  /** Present when the schedule is monitored (`useMonitor`): the last and next occurrences, ISO 8601. */
  scheduleStatus?: { last?: string; next?: string; lastUpdated?: string }
}

/**
 * Timer triggers (`app.timer`). The Timer object says whether the run is late (`isPastDue`) but not when the
 * schedule fired, so `scheduledTime` is the time the invocation started; the trigger's name is the function's.
 */
export const timer: EventAdapter<AzureTimer> = {
  provider: 'azure',
  trigger: 'timer',
  kind: 'timer',
  matches: (_event, context) => azureTriggerType(context) === 'timertrigger',
  toEvents(event, context) {
    if (!isRecord(event)) throw new InvalidEventError(TRIGGER, 'timer', 'must be the Timer object')
    if (event.isPastDue !== undefined && typeof event.isPastDue !== 'boolean') throw new InvalidEventError(TRIGGER, 'isPastDue', 'must be true or false')
    if (event.scheduleStatus !== undefined && event.scheduleStatus !== null && !isRecord(event.scheduleStatus)) {
      throw new InvalidEventError(TRIGGER, 'scheduleStatus', 'must be an object')
    }
    const c = context as { invocationId: string; functionName: string }
    const time = new Date().toISOString()
    return [
      timerEvent({ provider: 'azure', trigger: 'timer', raw: event, id: c.invocationId, source: `azure:functions/${c.functionName}`, type: 'azure.functions.timer', triggerName: c.functionName, scheduledTime: time, payload: undefined }),
    ]
  },
}
