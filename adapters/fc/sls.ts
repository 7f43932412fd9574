import { cloudEvent, isRecord, isoTimeFromMillis, requireInteger, requireString, type EnvelopeEvent, type EventAdapter } from '../../src/model/index.js'

const TRIGGER = 'aliyun/sls'

/** The FC Log Service (SLS) trigger event: a job over a shard's cursor range. */
export interface FcSlsEvent {
  parameter?: unknown
  source: { endpoint: string; projectName: string; logstoreName: string; shardId: number; beginCursor: string; endCursor: string }
  jobName: string
  taskId: string
  cursorTime: number
}

/** Log Service (SLS) triggers, passed on as an envelope whose `data` is the cursor range to read. */
export const sls: EventAdapter<FcSlsEvent> = {
  provider: 'aliyun',
  trigger: 'sls',
  kind: 'event',
  matches: (event) => isRecord(event) && isRecord(event.source) && 'logstoreName' in event.source && 'jobName' in event,
  toEvents(event) {
    const source = event.source
    // The job's identity: a job without it cannot be told apart from another, or run twice safely.
    const taskId = requireString(TRIGGER, 'taskId', event.taskId)
    const project = requireString(TRIGGER, 'source.projectName', source.projectName)
    const logstore = requireString(TRIGGER, 'source.logstoreName', source.logstoreName)
    const shard = requireInteger(TRIGGER, 'source.shardId', source.shardId)
    const jobName = requireString(TRIGGER, 'jobName', event.jobName)
    const record: EnvelopeEvent = {
      kind: 'event',
      ...cloudEvent({
        id: taskId,
        source: `acs:log:${project}/${logstore}`,
        type: 'aliyun.sls.job',
        subject: `shard/${shard}`,
        time: isoTimeFromMillis(typeof event.cursorTime === 'number' ? event.cursorTime * 1000 : undefined),
        datacontenttype: 'application/json',
      }),
      provider: 'aliyun',
      trigger: 'sls',
      index: 0,
      raw: event,
      data: source,
      extensions: { jobName, parameter: event.parameter },
    }
    return [record]
  },
}
