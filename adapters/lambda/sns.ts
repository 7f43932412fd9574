import type { SNSEvent, SNSEventRecord } from 'aws-lambda'
import { emptyRecord, isRecord, queueMessage, readRecords, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'
import { isBatchFrom } from './records.js'

const TRIGGER = 'aws/sns'

function read(raw: unknown, index: number): QueueMessage {
  const record = raw as SNSEventRecord
  const field = `Records[${index}].Sns`
  if (!isRecord(record.Sns)) throw new Error(`${field} is missing`)
  const sns = record.Sns
  const messageId = requireString(TRIGGER, `${field}.MessageId`, sns.MessageId)
  const body = requireString(TRIGGER, `${field}.Message`, sns.Message)
  const attributes = emptyRecord<string>()
  for (const [name, value] of Object.entries(sns.MessageAttributes ?? {})) {
    if (typeof value?.Value === 'string') attributes[name] = value.Value
  }
  const topic = typeof sns.TopicArn === 'string' ? sns.TopicArn : undefined
  return queueMessage({
    id: messageId,
    source: topic ?? 'aws:sns',
    type: typeof sns.Type === 'string' ? `aws.sns.${sns.Type}` : 'aws.sns.Notification',
    subject: typeof sns.Subject === 'string' ? sns.Subject : undefined,
    time: typeof sns.Timestamp === 'string' ? sns.Timestamp : undefined,
    datacontenttype: undefined,
    provider: 'aws',
    trigger: 'sns',
    index,
    raw,
    messageId,
    body,
    attributes,
    queue: topic?.split(':')[5],
  })
}

/** Amazon SNS notifications (one per record). */
export const sns: EventAdapter<SNSEvent> = {
  provider: 'aws',
  trigger: 'sns',
  kind: 'queue',
  matches: (event) => isBatchFrom(event, 'aws:sns', 'EventSource'),
  toEvents: (event) =>
    readRecords(event.Records, read, (r) => (isRecord(r) && isRecord(r.Sns) && typeof r.Sns.MessageId === 'string' ? r.Sns.MessageId : undefined)),
}
