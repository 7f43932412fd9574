import type { DynamoDBStreamEvent, KinesisStreamEvent, MSKEvent } from 'aws-lambda'
import { randomHex } from '../../src/model/event-init.js'

// Real-shaped Lambda stream events for tests, following the samples of
// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, .../with-ddb.html and .../with-msk.html.

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'

/** A payload: text as it is, bytes as they are, anything else as JSON. */
function payload(value: string | Uint8Array | object): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  if (value instanceof Uint8Array) return Buffer.from(value)
  return Buffer.from(JSON.stringify(value), 'utf8')
}

/** A Kinesis sequence number: 56 digits that grow with the record's place in the batch. */
function sequenceNumber(base: bigint, index: number): string {
  return (base + BigInt(index)).toString().padStart(56, '4')
}

/** One Kinesis record for `kinesis()`. */
export interface KinesisRecordInit {
  /** The payload: a string, bytes, or an object sent as JSON. */
  data: string | Uint8Array | object
  /** Default `partition-1`. */
  partitionKey?: string
  /** Default: increasing numbers in batch order. */
  sequenceNumber?: string
}

/** A Kinesis Data Streams batch, one record per item, on stream `my-stream`. */
export function kinesis(records: ReadonlyArray<KinesisRecordInit | string>, init: { stream?: string } = {}): KinesisStreamEvent {
  const base = BigInt(Date.now()) * 1_000_000n
  const stream = init.stream ?? 'my-stream'
  return {
    Records: records.map((r, index) => {
      const record = typeof r === 'string' ? { data: r } : r
      const seq = record.sequenceNumber ?? sequenceNumber(base, index)
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.partitionKey ?? 'partition-1',
          sequenceNumber: seq,
          data: payload(record.data).toString('base64'),
          approximateArrivalTimestamp: Date.now() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${seq}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
        awsRegion: REGION,
        eventSourceARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream}`,
      }
    }),
  }
}

type Attribute = Record<string, unknown>

/** A plain value in DynamoDB's typed JSON: strings S, numbers N, booleans BOOL, null NULL, bytes B, lists L, objects M. */
function marshallValue(value: unknown): Attribute {
  if (value === null || value === undefined) return { NULL: true }
  if (typeof value === 'string') return { S: value }
  if (typeof value === 'number' || typeof value === 'bigint') return { N: String(value) }
  if (typeof value === 'boolean') return { BOOL: value }
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') }
  if (Array.isArray(value)) return { L: value.map(marshallValue) }
  if (value instanceof Set) {
    const items = [...value]
    if (items.every((i) => typeof i === 'string')) return { SS: items }
    if (items.every((i) => typeof i === 'number')) return { NS: items.map(String) }
    return { BS: items.map((i) => Buffer.from(i as Uint8Array).toString('base64')) }
  }
  if (typeof value === 'object') return { M: marshallItem(value as Record<string, unknown>) }
  throw new TypeError(`faasport/testing: a ${typeof value} has no DynamoDB type`)
}

/** An item of plain values in DynamoDB's typed JSON. */
function marshallItem(item: Record<string, unknown>): Record<string, Attribute> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, marshallValue(value)]))
}

/** One change for `dynamodbStream()`, with plain values (they are marshalled into DynamoDB's typed JSON). */
export interface DynamoDbChangeInit {
  /** The item's key attributes. */
  keys: Record<string, unknown>
  /** The item after the change; none for a removal. */
  newImage?: Record<string, unknown>
  /** The item before the change; none for an insert. */
  oldImage?: Record<string, unknown>
  /** Default: INSERT with only a new image, REMOVE with only an old one, MODIFY with both. */
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE'
  /** Default: increasing numbers in batch order. */
  sequenceNumber?: string
}

/** A DynamoDB Streams batch on table `my-table` (stream view NEW_AND_OLD_IMAGES). */
export function dynamodbStream(changes: readonly DynamoDbChangeInit[], init: { table?: string } = {}): DynamoDBStreamEvent {
  const base = BigInt(Date.now()) * 1000n
  const table = init.table ?? 'my-table'
  return {
    Records: changes.map((change, index) => {
      const eventName = change.eventName ?? (change.newImage && change.oldImage ? 'MODIFY' : change.oldImage ? 'REMOVE' : 'INSERT')
      const dynamodb: NonNullable<DynamoDBStreamEvent['Records'][number]['dynamodb']> = {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: marshallItem(change.keys) as never,
        SequenceNumber: change.sequenceNumber ?? String(base + BigInt(index)),
        SizeBytes: 26,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      }
      if (change.newImage) dynamodb.NewImage = marshallItem(change.newImage) as never
      if (change.oldImage) dynamodb.OldImage = marshallItem(change.oldImage) as never
      return {
        eventID: randomHex(32),
        eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: REGION,
        dynamodb,
        eventSourceARN: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}/stream/2026-01-01T00:00:00.000`,
      }
    }),
  }
}

/** One Kafka record for `msk()`. */
export interface KafkaRecordInit {
  /** The value: a string, bytes, or an object sent as JSON; `null` for a tombstone. */
  value: string | Uint8Array | object | null
  /** The record key, as text. */
  key?: string
  /** Default `mytopic`. */
  topic?: string
  /** Default 0. */
  partition?: number
  /** Default: increasing from 15 in each topic-partition. */
  offset?: number
  /** Record headers, as text. */
  headers?: Record<string, string>
}

/** An Amazon MSK batch (or, with `selfManaged`, a self-managed Kafka one), records grouped by topic-partition. */
export function msk(records: ReadonlyArray<KafkaRecordInit | string>, init: { selfManaged?: boolean } = {}): MSKEvent {
  const groups: Record<string, MSKEvent['records'][string]> = {}
  for (const r of records) {
    const record = typeof r === 'string' ? { value: r } : r
    const topic = record.topic ?? 'mytopic'
    const partition = record.partition ?? 0
    const group = (groups[`${topic}-${partition}`] ??= [])
    group.push({
      topic,
      partition,
      offset: record.offset ?? 15 + group.length,
      timestamp: Date.now(),
      timestampType: 'CREATE_TIME',
      ...(record.key === undefined ? {} : { key: Buffer.from(record.key, 'utf8').toString('base64') }),
      value: record.value === null ? (null as unknown as string) : payload(record.value).toString('base64'),
      headers: Object.entries(record.headers ?? {}).map(([name, value]) => ({ [name]: [...Buffer.from(value, 'utf8')] })),
    } as MSKEvent['records'][string][number])
  }
  const event = {
    eventSource: init.selfManaged ? 'SelfManagedKafka' : 'aws:kafka',
    bootstrapServers: 'b-1.demo-cluster.kafka.us-east-1.amazonaws.com:9092,b-2.demo-cluster.kafka.us-east-1.amazonaws.com:9092',
    records: groups,
  }
  return (init.selfManaged ? event : { ...event, eventSourceArn: `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/demo-cluster/fc084b5b-1c5e-4d1c-b2e9-20b2a7b1a0d4-2` }) as MSKEvent
}
