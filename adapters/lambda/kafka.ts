import type { MSKEvent } from 'aws-lambda'
import { emptyRecord, InvalidEventError, isBase64, isRecord, isoTimeFromMillis, queueMessage, readRecords, requireInteger, requireString, type EventAdapter, type QueueMessage } from '../../src/model/index.js'

const TRIGGER = 'aws/kafka'

// Lambda's Kafka event sources, Amazon MSK (`eventSource: 'aws:kafka'`) and self-managed Apache Kafka
// (`'SelfManagedKafka'`): https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html. `records` maps each
// `<topic>-<partition>` to its records in offset order; `key` and `value` are base64, header values lists of byte
// values. Prefix of the Kafka fields in `QueueMessage.attributes`, beside the record's own headers.
const KAFKA_PREFIX = 'kafka:'

function headerText(value: unknown, field: string): string {
  if (typeof value === 'string') return value
  if (!Array.isArray(value) || value.some((b) => typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new Error(`${field} must be a list of byte values`)
  }
  return Buffer.from(value as number[]).toString('utf8')
}

function base64Field(value: unknown, field: string): Buffer | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !isBase64(value)) throw new Error(`${field} must be base64 text`)
  return Buffer.from(value, 'base64')
}

function read(raw: unknown, index: number, where: string): QueueMessage {
  if (!isRecord(raw)) throw new Error(`${where} is not an object`)
  const topic = requireString(TRIGGER, `${where}.topic`, raw.topic)
  const partition = requireInteger(TRIGGER, `${where}.partition`, raw.partition)
  const offset = requireInteger(TRIGGER, `${where}.offset`, raw.offset)
  // A tombstone (a deletion in a compacted topic) has no value.
  const bytes = base64Field(raw.value, `${where}.value`) ?? Buffer.alloc(0)
  const key = base64Field(raw.key, `${where}.key`)
  const attributes = emptyRecord<string>()
  const headers: unknown = raw.headers
  if (headers !== undefined && headers !== null) {
    if (!Array.isArray(headers)) throw new Error(`${where}.headers must be a list`)
    headers.forEach((header: unknown, i) => {
      if (!isRecord(header)) throw new Error(`${where}.headers[${i}] must be an object`)
      for (const name of Object.keys(header)) attributes[name] = headerText(header[name], `${where}.headers[${i}].${name}`)
    })
  }
  const time = isoTimeFromMillis(raw.timestamp)
  attributes[`${KAFKA_PREFIX}topic`] = topic
  attributes[`${KAFKA_PREFIX}partition`] = String(partition)
  attributes[`${KAFKA_PREFIX}offset`] = String(offset)
  if (key !== undefined) attributes[`${KAFKA_PREFIX}key`] = key.toString('utf8')
  if (time !== undefined) attributes[`${KAFKA_PREFIX}timestamp`] = time
  if (typeof raw.timestampType === 'string') attributes[`${KAFKA_PREFIX}timestampType`] = raw.timestampType
  const id = `${topic}:${partition}:${offset}`
  return queueMessage({
    id,
    source: `kafka:${topic}`,
    type: 'aws.kafka.record',
    subject: topic,
    time,
    datacontenttype: undefined,
    provider: 'aws',
    trigger: 'kafka',
    index,
    raw,
    messageId: id,
    body: bytes.toString('utf8'),
    bytes,
    attributes,
    queue: topic,
  })
}

/** Where each record stands (`records["orders-0"][3]`), and a group that is not a list. */
interface Place {
  where: string
  problem?: string
}

/** The records of every `topic-partition`, in the order the event lists them, and where each stands. */
function flatten(event: MSKEvent): { records: unknown[]; places: Place[] } {
  const groups: unknown = event.records
  if (!isRecord(groups)) throw new InvalidEventError(TRIGGER, 'records', 'must be an object of topic-partition lists')
  const records: unknown[] = []
  const places: Place[] = []
  for (const name of Object.keys(groups)) {
    const list = groups[name]
    const where = `records[${JSON.stringify(name)}]`
    if (!Array.isArray(list)) {
      records.push(list)
      places.push({ where, problem: `${where} must be a list of records` })
    } else {
      list.forEach((record: unknown, i) => {
        records.push(record)
        places.push({ where: `${where}[${i}]` })
      })
    }
  }
  return { records, places }
}

/**
 * Amazon MSK and self-managed Kafka batches, routed to `queue`. Records run in order and the first failure stops
 * the batch. Lambda's partial-batch response for Kafka names records in a form its documentation does not show,
 * so a failure fails the invocation and Lambda retries the batch (or splits it, with BisectBatchOnFunctionError).
 */
export const kafka: EventAdapter<MSKEvent> = {
  provider: 'aws',
  trigger: 'kafka',
  kind: 'queue',
  matches: (event) => isRecord(event) && (event.eventSource === 'aws:kafka' || event.eventSource === 'SelfManagedKafka') && 'records' in event,
  toEvents(event) {
    const { records, places } = flatten(event)
    return readRecords(
      records,
      (record, index) => {
        const place = places[index]!
        if (place.problem !== undefined) throw new Error(place.problem)
        return read(record, index, place.where)
      },
      (r) => (isRecord(r) && typeof r.topic === 'string' ? `${r.topic}:${String(r.partition)}:${String(r.offset)}` : undefined),
    )
  },
  ordered: () => true,
}
