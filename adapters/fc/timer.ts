import { isRecord, requireString, timerEvent, type EventAdapter } from '../../src/model/index.js'

/** The FC time trigger event: `{ triggerTime, triggerName, payload }`. */
export interface FcTimerEvent {
  triggerTime: string
  triggerName: string
  payload?: string
}

/** Function Compute time triggers. */
export const timer: EventAdapter<FcTimerEvent> = {
  provider: 'aliyun',
  trigger: 'timer',
  kind: 'timer',
  matches: (event) => isRecord(event) && 'triggerTime' in event && 'triggerName' in event,
  toEvents(event) {
    const time = requireString('aliyun/timer', 'triggerTime', event.triggerTime)
    const name = requireString('aliyun/timer', 'triggerName', event.triggerName)
    const payload = typeof event.payload === 'string' && event.payload !== '' ? event.payload : undefined
    return [timerEvent({ provider: 'aliyun', trigger: 'timer', raw: event, id: `${name}@${time}`, source: `acs:fc:timer/${name}`, type: 'aliyun.fc.timer', triggerName: name, scheduledTime: time, payload })]
  },
}
