import { cloudEvent, isRecord, isoTimeFromMillis, type EnvelopeEvent, type EventAdapter } from '../../src/model/index.js'

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
    const record: EnvelopeEvent = {
      kind: 'event',
      ...cloudEvent({
        id: String(event.taskId),
        source: `acs:log:${source.projectName}/${source.logstoreName}`,
        type: 'aliyun.sls.job',
        subject: `shard/${source.shardId}`,
        time: isoTimeFromMillis(typeof event.cursorTime === 'number' ? event.cursorTime * 1000 : undefined),
        datacontenttype: 'application/json',
      }),
      provider: 'aliyun',
      trigger: 'sls',
      index: 0,
      raw: event,
      data: source,
      extensions: { jobName: event.jobName, parameter: event.parameter },
    }
    return [record]
  },
}
