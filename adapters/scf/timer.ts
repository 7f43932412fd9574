import { isRecord, requireString, timerEvent, type EventAdapter } from '../../src/model/index.js'

/** The SCF timer trigger event. */
export interface ScfTimerEvent {
  Type: 'Timer'
  TriggerName: string
  Time: string
  Message?: string
}

/** SCF timer triggers. */
export const timer: EventAdapter<ScfTimerEvent> = {
  provider: 'tencent',
  trigger: 'timer',
  kind: 'timer',
  matches: (event) => isRecord(event) && event.Type === 'Timer' && 'TriggerName' in event,
  toEvents(event) {
    const time = requireString('tencent/timer', 'Time', event.Time)
    const name = requireString('tencent/timer', 'TriggerName', event.TriggerName)
    const payload = typeof event.Message === 'string' && event.Message !== '' ? event.Message : undefined
    return [timerEvent({ provider: 'tencent', trigger: 'timer', raw: event, id: `${name}@${time}`, source: `qcs::scf:timer/${name}`, type: 'tencent.scf.timer', triggerName: name, scheduledTime: time, payload })]
  },
}
