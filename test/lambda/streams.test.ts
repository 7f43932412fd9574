import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { BatchFailedError, BatchTimeoutError, on, type ChangeEvent, type QueueMessage } from 'faasport'
import { events, invoke, mockContext } from 'faasport/testing'
import { mutatedEvents, runs } from '../helpers/property.js'

// Lambda's ordered stream sources through on(). Shapes follow https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
// .../with-ddb.html and .../with-msk.html; partial batch responses
// https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html and
// .../services-ddb-batchfailurereporting.html: Lambda checkpoints at the lowest sequence number reported.

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

function collect() {
  const queue: QueueMessage[] = []
  const change: ChangeEvent[] = []
  return { queue, change, routes: { queue: (m: QueueMessage) => void queue.push(m), change: (c: ChangeEvent) => void change.push(c) } }
}

describe('Kinesis Data Streams', () => {
  it('reads each record: the payload as text and exact bytes, partition key and sequence number, arrival time', async () => {
    const { queue, routes } = collect()
    const event = events.aws.kinesis([{ data: { order: 1 }, partitionKey: 'customer-7' }, { data: new Uint8Array([0, 255, 10]) }], { stream: 'orders' })
    await invoke(on(routes), event)
    expect(queue.map((m) => m.trigger)).toEqual(['kinesis', 'kinesis'])
    const [first, second] = queue as [QueueMessage, QueueMessage]
    expect(first.json()).toEqual({ order: 1 })
    expect(first).toMatchObject({ id: event.Records[0]!.eventID, messageId: event.Records[0]!.kinesis.sequenceNumber, subject: 'customer-7', queue: 'orders', type: 'aws.kinesis.record' })
    expect(first.attributes).toMatchObject({ partitionKey: 'customer-7', sequenceNumber: event.Records[0]!.kinesis.sequenceNumber })
    expect(first.time).toBe(first.attributes.approximateArrivalTimestamp)
    expect([...second.bytes!]).toEqual([0, 255, 10])
  })

  it('stops at the first failure and reports its sequence number alone: Lambda retries from there', async () => {
    const ran: string[] = []
    const worker = on({ queue: (m) => {
      ran.push(m.body)
      if (m.body === 'b') throw new Error('nope')
    } }, { reportBatchItemFailures: true })
    const event = events.aws.kinesis(['a', 'b', 'c', 'd'])
    expect(await invoke(worker, event)).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.kinesis.sequenceNumber }] })
    expect(ran).toEqual(['a', 'b'])
    expect(await invoke(worker, events.aws.kinesis(['a']))).toEqual({ batchItemFailures: [] })
  })

  it('reports a record it cannot read by its sequence number too, and fails the batch without reportBatchItemFailures', async () => {
    const event = events.aws.kinesis(['a', 'b'])
    event.Records[0]!.kinesis.data = '***'
    const reported = await invoke(on({ queue: () => {} }, { reportBatchItemFailures: true }), event)
    expect(reported).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.kinesis.sequenceNumber }] })
    const error = await invoke(on({ queue: () => {} }), event).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BatchFailedError)
    expect((error as BatchFailedError).failures[0]!.reason).toBe('Records[0].kinesis.data is not valid base64')
    expect((error as BatchFailedError).notRun).toBe(1)
  })
})

describe('DynamoDB Streams', () => {
  it('routes changes to `change` with keys and images as plain values', async () => {
    const { change, routes } = collect()
    await invoke(on(routes), events.aws.dynamodbStream([
      { keys: { pk: 'u#1' }, newImage: { pk: 'u#1', name: 'Ada', age: 36, ok: true, none: null, tags: new Set(['a', 'b']), raw: Buffer.from([1, 2]), nested: { list: [1, 'x'] } } },
      { keys: { pk: 'u#1' }, oldImage: { pk: 'u#1', age: 36 }, newImage: { pk: 'u#1', age: 37 } },
      { keys: { pk: 'u#1' }, oldImage: { pk: 'u#1' } },
    ], { table: 'users' }))
    expect(change.map((c) => [c.action, c.eventName, c.table])).toEqual([['insert', 'INSERT', 'users'], ['modify', 'MODIFY', 'users'], ['remove', 'REMOVE', 'users']])
    expect({ ...change[0]!.newImage }).toEqual({ pk: 'u#1', name: 'Ada', age: 36, ok: true, none: null, tags: ['a', 'b'], raw: Buffer.from([1, 2]), nested: { list: [1, 'x'] } })
    expect(change[0]!.oldImage).toBeUndefined()
    expect(change[1]!.oldImage?.age).toBe(36)
    expect(change[2]!.newImage).toBeUndefined()
    expect(change[0]!.data.keys).toEqual(change[0]!.keys)
  })

  it('keeps numbers a double cannot hold exactly as their decimal string, and __proto__ as a plain attribute', async () => {
    const { change, routes } = collect()
    const event = events.aws.dynamodbStream([{ keys: { id: 1 }, newImage: { id: 1 } }])
    event.Records[0]!.dynamodb!.NewImage = {
      small: { N: '12.25' },
      huge: { N: '123456789012345678901234567890' },
      precise: { N: '0.1234567890123456789' },
      negative: { N: '-7' },
      ['__proto__']: { S: 'plain' },
    } as never
    await invoke(on(routes), event)
    const image = change[0]!.newImage!
    expect([image.small, image.huge, image.precise, image.negative]).toEqual([12.25, '123456789012345678901234567890', '0.1234567890123456789', -7])
    expect(Object.getOwnPropertyDescriptor(image, '__proto__')?.value).toBe('plain')
    expect(({} as Record<string, unknown>).S).toBeUndefined()
  })

  it('names a malformed attribute value, and reports the first failure by its sequence number', async () => {
    const event = events.aws.dynamodbStream([{ keys: { id: 1 } }, { keys: { id: 2 } }, { keys: { id: 3 } }])
    event.Records[1]!.dynamodb!.Keys = { id: { N: 'twelve' } } as never
    const error = (await invoke(on({ change: () => {} }), event).catch((e: unknown) => e)) as BatchFailedError
    expect(error.failures.map((f) => f.reason)).toEqual(['Records[1].dynamodb.Keys.id.N is not a number: "twelve"'])
    expect(await invoke(on({ change: () => {} }, { reportBatchItemFailures: true }), event)).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.dynamodb!.SequenceNumber }] })
  })
})

describe('MSK and self-managed Kafka', () => {
  it('reads every topic-partition in order: value, key and headers, id topic:partition:offset', async () => {
    const { queue, routes } = collect()
    await invoke(on(routes), events.aws.msk([
      { value: 'one', key: 'k1', headers: { trace: 't-1' } },
      { value: { two: 2 }, topic: 'other', partition: 3, offset: 99 },
      { value: null },
    ]))
    expect(queue.map((m) => m.id)).toEqual(['mytopic:0:15', 'mytopic:0:16', 'other:3:99'])
    expect(queue[0]!.attributes).toMatchObject({ trace: 't-1', 'kafka:key': 'k1', 'kafka:topic': 'mytopic', 'kafka:partition': '0', 'kafka:offset': '15' })
    // A tombstone (no value) is an empty body.
    expect(queue[1]!.body).toBe('')
    expect(queue[2]!.json()).toEqual({ two: 2 })
    await invoke(on(routes), events.aws.msk(['self'], { selfManaged: true }))
    expect(queue.at(-1)!.body).toBe('self')
  })

  it('stops at the first failure and fails the invocation, even with reportBatchItemFailures', async () => {
    const ran: string[] = []
    const worker = on({ queue: (m) => {
      ran.push(m.body)
      if (m.body === 'b') throw new Error('nope')
    } }, { reportBatchItemFailures: true })
    const error = (await invoke(worker, events.aws.msk(['a', 'b', 'c'])).catch((e: unknown) => e)) as BatchFailedError
    expect(error).toBeInstanceOf(BatchFailedError)
    expect(ran).toEqual(['a', 'b'])
    expect([error.failures[0]!.id, error.notRun]).toEqual(['mytopic:0:16', 1])
  })
})

describe('a batch at the deadline', () => {
  const slow = (m: QueueMessage) => new Promise((resolve) => setTimeout(resolve, m.body === 'slow' ? 5000 : 1))

  it('reports the records not finished for retry, before the platform would kill the function', async () => {
    const event = events.aws.sqs([{ body: 'a', messageId: 'm1' }, { body: 'slow', messageId: 'm2' }, { body: 'c', messageId: 'm3' }])
    const started = Date.now()
    const result = await invoke(on({ queue: slow }, { reportBatchItemFailures: true }), event, mockContext('aws', { timeoutMs: 800 }))
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }] })
    expect(Date.now() - started).toBeLessThan(800)
  })

  it('fails with a BatchTimeoutError without reportBatchItemFailures, saying what was left', async () => {
    const error = (await invoke(on({ queue: slow }), events.aws.sqs(['a', 'slow', 'c']), mockContext('aws', { timeoutMs: 800 })).catch((e: unknown) => e)) as BatchTimeoutError
    expect(error).toBeInstanceOf(BatchTimeoutError)
    expect([error.code, error.unfinished, error.total]).toEqual(['BATCH_TIMEOUT', 2, 3])
    expect(error.message).toContain("2 of 3 aws/sqs records had not finished 500 ms before the invocation's deadline")
  })

  it('reports an ordered stream from the record that was running', async () => {
    const event = events.aws.kinesis(['a', 'slow', 'c'])
    const result = await invoke(on({ queue: slow }, { reportBatchItemFailures: true }), event, mockContext('aws', { timeoutMs: 800 }))
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.kinesis.sequenceNumber }] })
  })
})

describe('property: arbitrary and mutated stream events', () => {
  const text = fc.string({ maxLength: 20 })
  const worker = on({ queue: (m) => void [m.body, m.bytes, m.attributes, m.id], change: (c) => void [c.keys, c.newImage, c.oldImage, c.action] })
  const outcome = (event: unknown) =>
    invoke(worker, event).then(
      () => 'ok',
      (error: { code?: string }) => error.code ?? `untyped: ${String(error)}`,
    )
  const attribute = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  const sources: Record<string, fc.Arbitrary<unknown>> = {
    kinesis: fc.array(fc.oneof(text, fc.uint8Array({ maxLength: 20 })).map((data) => ({ data })), { minLength: 1, maxLength: 3 }).map((r) => events.aws.kinesis(r)),
    dynamodb: fc.array(fc.record({ keys: fc.dictionary(text, attribute, { maxKeys: 2 }), newImage: fc.dictionary(text, attribute, { maxKeys: 3 }) }), { minLength: 1, maxLength: 3 }).map((c) => events.aws.dynamodbStream(c)),
    kafka: fc.array(fc.record({ value: text, key: text, headers: fc.dictionary(text, text, { maxKeys: 2 }) }), { minLength: 1, maxLength: 3 }).map((r) => events.aws.msk(r)),
  }

  it.each(Object.entries(sources))('%s: valid events run every record; mutated ones give records, a typed error or a reported failure', async (_name, valid) => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await outcome(event)).toBe('ok')
      }),
      { numRuns: runs(40) },
    )
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        expect(['ok', 'BATCH_FAILED', 'INVALID_EVENT', 'UNSUPPORTED_EVENT']).toContain(await outcome(event))
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(200) },
    )
  })
})
