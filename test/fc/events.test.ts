import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as fc from '../../adapters/fc/factories.js'
import { BatchFailedError, handle, on, UnsupportedEventError, type EnvelopeEvent, type QueueMessage, type StorageEvent } from '../../src/index.js'
import { on as onFc } from '../../src/entries/fc.js'
import { schemas } from '../helpers/schemas.js'

// Function Compute events through EventBridge (message sources, OSS, custom events, batches), the MNS topic
// formats, and the schemas for them.

const owned = (name: string): any => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8'))
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value))
const ctx = () => fc.fcContext()

afterEach(() => {
  vi.restoreAllMocks()
})

function quiet() {
  vi.spyOn(console, 'error').mockImplementation(() => {})
}

// A CloudEvents envelope as Alibaba Cloud EventBridge delivers it.
function envelope(type: string, data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'e-1',
    source: 'my.app',
    specversion: '1.0',
    type,
    subject: 'acs:demo:cn-beijing:1000000000000001:thing',
    time: '2026-03-01T00:00:00Z',
    aliyunaccountid: '1000000000000001',
    aliyuneventbusname: 'default',
    aliyunregionid: 'cn-beijing',
    data,
    ...extra,
  }
}

async function routed(event: unknown): Promise<Array<{ route: string; record: any }>> {
  const seen: Array<{ route: string; record: any }> = []
  const entry = on({
    queue: (record) => void seen.push({ route: 'queue', record }),
    storage: (record) => void seen.push({ route: 'storage', record }),
    event: (record) => void seen.push({ route: 'event', record }),
  })
  await entry(event, ctx())
  return seen
}

describe('EventBridge envelopes: the CloudEvents type decides what a record is', () => {
  it.each([
    ['value', { value: '21.5', unit: 'C' }],
    ['body', { body: 'hello' }],
    ['messageBody', { messageBody: 'hi' }],
  ])('a custom event whose data has a string %s is an envelope, not a queue message', async (_field, data) => {
    const [seen] = await routed(bytes(envelope('my.app:Temperature:Changed', data)))
    expect(seen!.route).toBe('event')
    expect(seen!.record).toMatchObject({ kind: 'event', trigger: 'eventbridge', type: 'my.app:Temperature:Changed', data })
  })

  it('a custom event with only a queue route is refused, naming the event route it needs', async () => {
    const error = await on({ queue: () => {} })(bytes(envelope('my.app:Thing:Happened', { value: 'x' })), ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedEventError)
    expect((error as Error).message).toBe('faasport: this is an aliyun/eventbridge event (event), and on() has no event route.')
  })

  it('MNS queue messages (mns:Queue:SendMessage): the body, its message id, the queue from the subject', async () => {
    const [seen] = await routed(bytes(owned('fc-mns-queue-eventbridge.json')))
    const m = seen!.record as QueueMessage
    expect(seen!.route).toBe('queue')
    expect(m).toMatchObject({ trigger: 'mns-queue', messageId: 'D1E2F3A4B5C6D7E8-1-18E0A1B2C3D-200000002', body: 'resize inbox/photo 1.jpg', queue: 'acs:mns:cn-beijing:1000000000000001:queues/jobs' })
    expect({ ...m.attributes }).toEqual({ requestId: '65E1A2B3C4D5E6F708192A40', messageId: 'D1E2F3A4B5C6D7E8-1-18E0A1B2C3D-200000002' })
  })

  it('RocketMQ messages (mq:Topic:SendMessage): the body, the topic, user properties as attributes', async () => {
    const [seen] = await routed(bytes(owned('fc-rocketmq-eventbridge-stream.json')[0]))
    expect(seen!.record).toMatchObject({ kind: 'queue', trigger: 'rocketmq', messageId: 'a1b2c3d4-0000-4000-8000-000000000001', body: '{"order":42}', queue: 'orders' })
    expect({ ...seen!.record.attributes }).toEqual({ tenant: 'acme', topic: 'orders' })
    expect(seen!.record.json()).toEqual({ order: 42 })
  })

  it('RabbitMQ messages (amqp:Queue:SendMessage): a body EventBridge delivered parsed becomes JSON text again', async () => {
    const data = { envelope: { deliveryTag: 1, exchange: '', redeliver: false, routingKey: 'jobs' }, body: { Hello: 'EventBridge' }, props: { contentEncoding: 'UTF-8', messageId: 'r-1' } }
    const [seen] = await routed(bytes(envelope('amqp:Queue:SendMessage', data)))
    expect(seen!.record).toMatchObject({ kind: 'queue', trigger: 'rabbitmq', messageId: 'r-1', body: '{"Hello":"EventBridge"}' })
    expect(seen!.record.json()).toEqual({ Hello: 'EventBridge' })
  })

  it('a queue message delivered again comes in a new envelope but keeps its messageId: deduplicate on messageId, not id', async () => {
    const mns = { requestId: 'R1', messageId: 'M-1', messageBody: 'resize' }
    const rabbit = { body: 'resize', props: { messageId: 'r-1' } }
    for (const [type, data] of [['mns:Queue:SendMessage', mns], ['amqp:Queue:SendMessage', rabbit]] as const) {
      const [first] = await routed(bytes(envelope(type, data, { id: 'e-1' })))
      const [again] = await routed(bytes(envelope(type, data, { id: 'e-2' })))
      expect([first!.record.id, again!.record.id], type).toEqual(['e-1', 'e-2'])
      expect(again!.record.messageId, type).toBe(first!.record.messageId)
      expect(first!.record.messageId, type).not.toBe(first!.record.id)
    }
  })

  it('a message envelope without its body field is an InvalidEventError naming the field, not an envelope', async () => {
    const error = await on({ queue: () => {}, event: () => {} })(bytes(envelope('mns:Queue:SendMessage', { messageId: 'm' })), ctx()).catch((e: unknown) => e)
    expect((error as Error).message).toBe('Invalid aliyun/mns-queue event: data.messageBody is missing')
  })

  it('a Kafka record with a null value (a tombstone) has an empty body', async () => {
    const batch = JSON.parse(fc.kafka(['x']).toString()) as string[]
    const parsed = JSON.parse(batch[0]!)
    parsed.data.value = null
    const [seen] = await routed(bytes([JSON.stringify(parsed)]))
    expect(seen!.record).toMatchObject({ trigger: 'kafka', body: '' })
  })

  it('other OSS events (a bucket created, an API call) stay envelopes', async () => {
    const [bucket] = await routed(bytes(envelope('oss:BucketCreated:PutBucket', { bucket: 'b' })))
    expect(bucket).toMatchObject({ route: 'event', record: { kind: 'event', type: 'oss:BucketCreated:PutBucket' } })
  })
})

describe('OSS object events through EventBridge', () => {
  it('reach the storage route with the same fields as the OSS trigger', async () => {
    const event = owned('fc-oss-eventbridge.json')
    const [seen] = await routed(bytes(event))
    const o = seen!.record as StorageEvent
    expect(seen!.route).toBe('storage')
    expect(o).toMatchObject({
      kind: 'storage',
      provider: 'aliyun',
      trigger: 'oss',
      id: '65E1A2B3C4D5E6F708192A3D',
      bucket: 'uploads',
      key: 'inbox/photo 1.jpg',
      subject: 'inbox/photo 1.jpg',
      size: 4096,
      etag: '7215EE9C7D9DC229D2921A40E899EC5F',
      action: 'created',
      eventName: 'ObjectCreated:PostObject',
      region: 'cn-beijing',
      time: '2026-03-01T02:32:00.000Z',
      source: 'acs:oss:cn-beijing:1000000000000001:uploads',
      index: 0,
    })
    expect(o.raw).toEqual(event)
  })

  it('the same storage handler reads the OSS trigger and the EventBridge delivery alike', async () => {
    const direct = await routed(fc.oss({ bucket: 'uploads', key: 'inbox/photo 1.jpg', size: 4096, eventName: 'ObjectCreated:PostObject' }))
    const viaBus = await routed(bytes(owned('fc-oss-eventbridge.json')))
    const pick = (o: StorageEvent) => [o.kind, o.trigger, o.bucket, o.key, o.size, o.action, o.eventName]
    expect(pick(viaBus[0]!.record)).toEqual(pick(direct[0]!.record))
  })

  it.each([
    ['oss:ObjectRemoved:DeleteObject', 'ObjectRemoved:DeleteObject', 'removed'],
    ['oss:ObjectRestore:FinishRestore', 'ObjectRestore:FinishRestore', 'other'],
  ])('%s is %s', async (type, eventName, action) => {
    const event = owned('fc-oss-eventbridge.json')
    event.type = type
    event.data.eventName = eventName
    const [seen] = await routed(bytes(event))
    expect(seen!.record).toMatchObject({ kind: 'storage', eventName, action })
  })

  it('without data.eventName the event name comes from the type', async () => {
    const event = owned('fc-oss-eventbridge.json')
    delete event.data.eventName
    const [seen] = await routed(bytes(event))
    expect(seen!.record).toMatchObject({ eventName: 'ObjectCreated:PostObject', action: 'created' })
  })

  it('with no storage route the error names the storage route, not the trigger’s kind', async () => {
    const error = await on({ queue: () => {} })(bytes(owned('fc-oss-eventbridge.json')), ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedEventError)
    expect((error as Error).message).toBe('faasport: this is an aliyun/eventbridge event (storage), and on() has no storage route and no event route.')
  })

  it('an object event whose data holds no object is an InvalidEventError naming the field', async () => {
    const error = await on({ storage: () => {} })(bytes(envelope('oss:ObjectCreated:PutObject', { eventName: 'ObjectCreated:PutObject' })), ctx()).catch((e: unknown) => e)
    expect((error as Error).message).toBe('Invalid aliyun/oss event: data.oss must hold bucket and object')
  })
})

describe('EventBridge batches', () => {
  const good = () => JSON.parse(fc.kafka(['a', 'b']).toString()) as string[]

  async function run(batch: unknown[]) {
    quiet()
    const seen: Array<[number, string]> = []
    const error = await on({ queue: (m) => void seen.push([m.index, m.body]) })(bytes(batch), ctx()).catch((e: unknown) => e)
    return { seen, error: error as BatchFailedError | undefined }
  }

  it.each([
    ['first', 0],
    ['middle', 1],
    ['last', 2],
  ])('a bad element %s is a record error with its index; the others run', async (_where, at) => {
    const batch: unknown[] = good()
    batch.splice(at, 0, '{not json')
    const { seen, error } = await run(batch)
    expect(seen.map(([, body]) => body)).toEqual(['a', 'b'])
    expect(seen.map(([index]) => index)).toEqual([0, 1, 2].filter((i) => i !== at))
    expect(error).toBeInstanceOf(BatchFailedError)
    expect(error!.failures).toEqual([{ index: at, id: undefined, reason: expect.stringContaining(`[${at}] is not JSON`) }])
  })

  it.each([
    ['text', 'hello'],
    ['an empty object', '{}'],
    ['a number', 42],
    ['null', null],
    ['an object that is not an envelope', { data: { value: 'x' } }],
    ['an envelope of another spec version', JSON.stringify({ specversion: '0.3', id: 'x', source: 's', type: 't' })],
  ])('an element that is %s is reported, not dropped', async (_what, element) => {
    const { seen, error } = await run([element, ...good()])
    expect(seen.map(([, body]) => body)).toEqual(['a', 'b'])
    expect(error!.failures).toHaveLength(1)
    expect(error!.failures[0]).toMatchObject({ index: 0, reason: expect.stringMatching(/\[0\] (is not JSON|is not a CloudEvents 1.0 envelope)/) })
  })

  it('a batch of envelope objects (event-stream mode) reads like one of JSON strings', async () => {
    const objects = good().map((s) => JSON.parse(s))
    const { seen, error } = await run(objects)
    expect(error).toBeUndefined()
    expect(seen).toEqual([
      [0, 'a'],
      [1, 'b'],
    ])
  })

  it.each([
    ['strings', ['a', 'b']],
    ['empty objects', [{}, {}]],
    ['a string that only mentions specversion', ['{"specversion":"1.0"']],
    ['objects without the Alibaba Cloud attributes', [{ specversion: '1.0', id: '1', source: 's', type: 't' }]],
    ['an empty array', []],
  ])('arrays of %s are not EventBridge batches', async (_what, array) => {
    const error = await on({ queue: () => {}, event: () => {} })(bytes(array), ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedEventError)
    expect((error as Error).message).toContain('no adapter recognises this event')
  })
})

describe('MNS topics', () => {
  it('JSON format: PublishTime as a string of digits (MNS’s notify format) gives the time', async () => {
    const [seen] = await routed(bytes(owned('fc-mns-topic.json')))
    expect(seen!.record).toMatchObject({ trigger: 'mns-topic', time: new Date(1772332260123).toISOString(), queue: 'orders' })
    expect({ ...seen!.record.attributes }).toEqual({ MessageTag: 'priority', tenant: 'acme' })
  })

  it('a PublishTime that is not digits leaves time undefined', async () => {
    const [seen] = await routed(bytes({ ...owned('fc-mns-topic.json'), PublishTime: '2026-03-01' }))
    expect(seen!.record.time).toBeUndefined()
  })

  it('a STREAM message without attributes arrives as its bare body: the error says so and how to fix it', async () => {
    for (const entry of [on({ queue: () => {} }), onFc({ queue: () => {} })]) {
      const error = await entry(Buffer.from('hello topic'), ctx()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedEventError)
      expect((error as Error).message).toContain('(11 bytes that are not JSON)')
      expect((error as Error).message).toContain('an MNS topic trigger in STREAM format delivers a message without attributes as its bare body')
      expect((error as Error).message).toContain('NotifyContentFormat: JSON')
    }
  })

  it('the hint is for bytes only: an object nothing recognises, or handle(), gets none', async () => {
    const object = await on({ queue: () => {} })(bytes({ order: 1 }), ctx()).catch((e: unknown) => e)
    expect((object as Error).message).not.toContain('STREAM')
    const http = await handle(() => '')(Buffer.from('hello topic'), ctx()).catch((e: unknown) => e)
    expect((http as Error).message).not.toContain('STREAM')
  })
})

describe('schemas', () => {
  it('eventBridgeBatch accepts JSON-string and object envelopes and rejects anything else, naming the element', () => {
    expect(schemas.aliyun.eventBridgeBatch.safeParse(JSON.parse(fc.kafka(['a']).toString())).success).toBe(true)
    expect(schemas.aliyun.eventBridgeBatch.safeParse(owned('fc-rocketmq-eventbridge-stream.json')).success).toBe(true)
    for (const bad of [['hello'], ['{}'], ['{not json'], [42], []]) {
      const result = schemas.aliyun.eventBridgeBatch.safeParse(bad)
      expect(result.success, JSON.stringify(bad)).toBe(false)
    }
    expect(schemas.aliyun.eventBridgeBatch.safeParse(['{}']).error!.issues[0]!.path).toEqual([0])
  })

  it('cloudEvent: data is optional, as in CloudEvents 1.0', () => {
    expect(schemas.aliyun.cloudEvent.safeParse({ id: '1', source: 's', specversion: '1.0', type: 't' }).success).toBe(true)
    expect(schemas.aliyun.cloudEvent.safeParse({ id: '1', source: 's', specversion: '0.3', type: 't' }).success).toBe(false)
  })

  it('mnsTopic: PublishTime as a number or a string of digits', () => {
    expect(schemas.aliyun.mnsTopic.safeParse(owned('fc-mns-topic.json')).success).toBe(true)
    expect(schemas.aliyun.mnsTopic.safeParse({ ...owned('fc-mns-topic.json'), PublishTime: 1772332260123 }).success).toBe(true)
    expect(schemas.aliyun.mnsTopic.safeParse({ ...owned('fc-mns-topic.json'), PublishTime: 'soon' }).error!.issues[0]!.path).toEqual(['PublishTime'])
  })

  it('ossEventBridge: an OSS object event from EventBridge', () => {
    expect(schemas.aliyun.ossEventBridge.safeParse(owned('fc-oss-eventbridge.json')).success).toBe(true)
    expect(schemas.aliyun.ossEventBridge.safeParse(envelope('oss:BucketCreated:PutBucket', owned('fc-oss-eventbridge.json').data)).success).toBe(false)
    expect(schemas.aliyun.ossEventBridge.safeParse({ ...owned('fc-oss-eventbridge.json'), data: {} }).success).toBe(false)
  })
})

describe('envelope pass-through', () => {
  it('a __proto__ field of an envelope is a plain extension, not the prototype', async () => {
    const raw = '{"id":"1","source":"s","specversion":"1.0","type":"my:x","aliyunregionid":"r","data":{},"__proto__":{"polluted":1}}'
    const [seen] = await routed(Buffer.from(raw))
    const extensions = (seen!.record as EnvelopeEvent).extensions
    expect(Object.keys(extensions).sort()).toEqual(['__proto__', 'aliyunregionid'])
    expect(Object.getOwnPropertyDescriptor(extensions, '__proto__')!.value).toEqual({ polluted: 1 })
    expect((extensions as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('other sources keep their data and aliyun* fields as extensions', async () => {
    const [seen] = await routed(bytes(envelope('my.app:Order:Placed', { id: 9 })))
    const e = seen!.record as EnvelopeEvent
    expect(e.extensions).toMatchObject({ aliyunaccountid: '1000000000000001', aliyuneventbusname: 'default' })
    expect(e.data).toEqual({ id: 9 })
  })
})
