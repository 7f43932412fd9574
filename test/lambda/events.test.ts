import { afterEach, describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import {
  BatchFailedError,
  handle,
  on,
  serve,
  UnsupportedEventError,
  type QueueMessage,
  type StorageEvent,
  type TimerEvent,
  type EnvelopeEvent,
} from '../../src/index.js'
import { createExpress5 } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

// Lambda's non-HTTP triggers through on(): one normalized record per source, batches and failures.

const ctx = () => aws.lambdaContext()

function quiet() {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
}

afterEach(() => {
  vi.restoreAllMocks()
})

async function collect<T>(route: 'timer' | 'storage' | 'queue' | 'event', event: unknown): Promise<T[]> {
  const seen: T[] = []
  await on({ [route]: (record: T) => void seen.push(record) })(event, ctx())
  return seen
}

describe('normalized records', () => {
  it('SQS: one message per record, attributes merged, JSON on request', async () => {
    const event = aws.sqs([{ body: { order: 7 }, messageId: 'm-1', attributes: { tenant: 'acme' } }, 'plain text'])
    const [first, second] = await collect<QueueMessage>('queue', event)
    expect(first).toMatchObject({
      kind: 'queue',
      provider: 'aws',
      trigger: 'sqs',
      specversion: '1.0',
      id: 'm-1',
      messageId: 'm-1',
      source: 'arn:aws:sqs:us-east-1:123456789012:my-queue',
      type: 'aws.sqs.message',
      queue: 'my-queue',
      body: '{"order":7}',
      data: '{"order":7}',
      index: 0,
    })
    expect(first!.attributes.tenant).toBe('acme')
    expect(first!.attributes['sqs:ApproximateReceiveCount']).toBe('1')
    expect(first!.time).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(first!.json()).toEqual({ order: 7 })
    expect(first!.raw).toBe(event.Records[0])
    expect(second!.body).toBe('plain text')
    expect(() => second!.json()).toThrow(/not valid JSON/)
  })

  it('SQS: a message attribute named like a system attribute does not hide it (system ones carry sqs:)', async () => {
    const event = aws.sqs([{ body: 'b', attributes: { ApproximateReceiveCount: 'mine', SentTimestamp: 'also mine' } }])
    event.Records[0]!.attributes.ApproximateReceiveCount = '3'
    const [m] = await collect<QueueMessage>('queue', event)
    expect(m!.attributes.ApproximateReceiveCount).toBe('mine')
    expect(m!.attributes['sqs:ApproximateReceiveCount']).toBe('3')
    expect(m!.attributes.SentTimestamp).toBe('also mine')
    expect(m!.attributes['sqs:SentTimestamp']).toBe(event.Records[0]!.attributes.SentTimestamp)
    // The time still comes from the system attribute.
    expect(m!.time).toBe(new Date(Number(event.Records[0]!.attributes.SentTimestamp)).toISOString())
  })

  it('SNS: the message, subject and attributes', async () => {
    const [message] = await collect<QueueMessage>('queue', aws.sns({ message: { a: 1 }, subject: 'hello', attributes: { k: 'v' }, messageId: 'n-1' }))
    expect(message).toMatchObject({ trigger: 'sns', messageId: 'n-1', body: '{"a":1}', subject: 'hello', queue: 'my-topic', type: 'aws.sns.Notification' })
    expect(message!.attributes).toEqual({ k: 'v' })
  })

  it('S3: bucket, key decoded once, size, etag, action', async () => {
    const [created] = await collect<StorageEvent>('storage', aws.s3({ bucket: 'photos', key: 'holiday 2026/a+b%.jpg', size: 42 }))
    expect(created).toMatchObject({
      kind: 'storage',
      trigger: 's3',
      bucket: 'photos',
      key: 'holiday 2026/a+b%.jpg',
      subject: 'holiday 2026/a+b%.jpg',
      size: 42,
      etag: '0123456789abcdef0123456789abcdef',
      action: 'created',
      eventName: 'ObjectCreated:Put',
      region: 'us-east-1',
      source: 'arn:aws:s3:::photos',
      type: 'aws.s3.ObjectCreated:Put',
    })
    const [removed] = await collect<StorageEvent>('storage', aws.s3({ key: 'gone.txt', eventName: 'ObjectRemoved:Delete' }))
    expect([removed!.action, removed!.size]).toEqual(['removed', undefined])
  })

  it.each([
    ['ObjectCreated:Put', 'created'],
    ['ObjectCreated:CompleteMultipartUpload', 'created'],
    ['ObjectCreated:Copy', 'created'],
    ['ObjectRemoved:Delete', 'removed'],
    ['ObjectRemoved:DeleteMarkerCreated', 'removed'],
    ['LifecycleExpiration:Delete', 'removed'],
    ['LifecycleExpiration:DeleteMarkerCreated', 'removed'],
    ['ObjectTagging:Delete', 'other'],
    ['ObjectTagging:Put', 'other'],
    ['ObjectRestore:Delete', 'other'],
    ['ObjectRestore:Completed', 'other'],
    ['ObjectAcl:Put', 'other'],
    ['LifecycleTransition', 'other'],
    ['IntelligentTiering', 'other'],
    ['ReducedRedundancyLostObject', 'other'],
    ['Replication:OperationFailedReplication', 'other'],
  ])('S3 %s is %s', async (eventName, action) => {
    const [o] = await collect<StorageEvent>('storage', aws.s3({ key: 'k', eventName }))
    expect([o!.action, o!.eventName]).toEqual([action, eventName])
  })

  it('EventBridge schedule rules and Scheduler schedules are timers', async () => {
    const [rule] = await collect<TimerEvent>('timer', aws.scheduled({ rule: 'nightly', time: '2026-11-22T03:00:00Z' }))
    expect(rule).toMatchObject({ kind: 'timer', trigger: 'schedule', triggerName: 'nightly', scheduledTime: '2026-11-22T03:00:00Z', payload: undefined, source: 'arn:aws:events:us-east-1:123456789012:rule/nightly', type: 'aws.events.scheduled' })
    const [scheduler] = await collect<TimerEvent>('timer', aws.scheduled({ source: 'aws.scheduler', rule: 'reports', detail: { report: 'weekly' } }))
    expect(scheduler).toMatchObject({ triggerName: 'reports', payload: '{"report":"weekly"}', data: { report: 'weekly' }, type: 'aws.scheduler.scheduled' })
  })

  it('other EventBridge events pass through as envelopes', async () => {
    const event = aws.eventBridge({ source: 'com.example.orders', detailType: 'Order Placed', detail: { id: 9 }, resources: ['arn:x'] })
    const [envelope] = await collect<EnvelopeEvent>('event', event)
    expect(envelope).toMatchObject({ kind: 'event', trigger: 'eventbridge', id: event.id, source: 'com.example.orders', type: 'Order Placed', subject: 'arn:x', data: { id: 9 } })
    expect(envelope!.extensions).toMatchObject({ account: '123456789012', region: 'us-east-1', 'detail-type': 'Order Placed' })
  })

  it('the event route takes any recognised record no other route takes', async () => {
    const seen = await collect<{ kind: string }>('event', aws.sqs(['x']))
    expect(seen.map((r) => r.kind)).toEqual(['queue'])
  })
})

describe('batches and failures', () => {
  it('a queue route runs once per record, in order, with one invocation for the batch', async () => {
    const order: string[] = []
    const invocations = new Set<string>()
    await on({
      queue: async (m, inv) => {
        await new Promise((resolve) => setTimeout(resolve, Number(m.body) * 2))
        order.push(m.body)
        invocations.add(inv.requestId)
      },
    })(aws.sqs(['3', '1', '2']), ctx())
    expect(order).toEqual(['3', '1', '2'])
    expect(invocations.size).toBe(1)
  })

  it('Lambda SQS with reportBatchItemFailures: failed messages come back as batchItemFailures', async () => {
    quiet()
    const entry = on({ queue: (m) => { if (m.body.startsWith('bad')) throw new Error(`cannot process ${m.body}`) } }, { reportBatchItemFailures: true })
    const event = aws.sqs([{ body: 'ok', messageId: 'a' }, { body: 'bad 1', messageId: 'b' }, { body: 'ok', messageId: 'c' }, { body: 'bad 2', messageId: 'd' }])
    expect(await entry(event, ctx())).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'd' }] })
    expect(await entry(aws.sqs(['ok']), ctx())).toEqual({ batchItemFailures: [] })
  })

  it('without the option a failed record fails the invocation with every failure named, after the others ran', async () => {
    quiet()
    const processed: string[] = []
    const entry = on({ queue: (m) => { if (m.body === 'bad') throw new Error('boom'); processed.push(m.body) } })
    const error = await entry(aws.sqs([{ body: 'one', messageId: 'x1' }, { body: 'bad', messageId: 'x2' }, { body: 'three', messageId: 'x3' }]), ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BatchFailedError)
    expect((error as BatchFailedError).failures).toEqual([{ index: 1, id: 'x2', reason: 'boom' }])
    expect((error as BatchFailedError).total).toBe(3)
    expect(processed).toEqual(['one', 'three'])
  })

  describe('FIFO queues: processing stops at the first failure, as AWS requires', () => {
    const fifo = (ids: string[], how: 'arn' | 'group') => {
      const event = aws.sqs(ids.map((id) => ({ body: id, messageId: id })))
      for (const r of event.Records) {
        if (how === 'arn') r.eventSourceARN = 'arn:aws:sqs:us-east-1:123456789012:orders.fifo'
        else r.attributes.MessageGroupId = 'g1'
      }
      return event
    }

    it.each(['arn', 'group'] as const)('with reportBatchItemFailures the failed message and every later one come back (FIFO by %s)', async (how) => {
      quiet()
      const ran: string[] = []
      const entry = on({ queue: (m) => { ran.push(m.body); if (m.body === 'b') throw new Error('no') } }, { reportBatchItemFailures: true })
      expect(await entry(fifo(['a', 'b', 'c', 'd'], how), ctx())).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'c' }, { itemIdentifier: 'd' }] })
      expect(ran).toEqual(['a', 'b'])
      expect(await entry(fifo(['a', 'c'], how), ctx())).toEqual({ batchItemFailures: [] })
    })

    it('a FIFO record that cannot be read stops the batch too', async () => {
      quiet()
      const event = fifo(['a', 'b', 'c'], 'arn')
      ;(event.Records[1] as { body: unknown }).body = 7
      const ran: string[] = []
      expect(await on({ queue: (m) => void ran.push(m.body) }, { reportBatchItemFailures: true })(event, ctx())).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'c' }] })
      expect(ran).toEqual(['a'])
    })

    it('without the option the invocation fails naming the failed message and saying the rest did not run', async () => {
      quiet()
      const ran: string[] = []
      const entry = on({ queue: (m) => { ran.push(m.body); if (m.body === 'b') throw new Error('no') } })
      const error = (await entry(fifo(['a', 'b', 'c', 'd'], 'group'), ctx()).catch((e: unknown) => e)) as BatchFailedError
      expect(error).toBeInstanceOf(BatchFailedError)
      expect(ran).toEqual(['a', 'b'])
      expect(error.failures).toEqual([{ index: 1, id: 'b', reason: 'no' }])
      expect([error.total, error.notRun]).toEqual([4, 2])
      expect(error.message).toBe('faasport: 1 of 4 aws/sqs records failed: #1 (b): no; the batch is ordered, so the 2 records after it were not run')
    })

    it('the last message failing leaves nothing unrun', async () => {
      quiet()
      const error = (await on({ queue: (m) => { if (m.body === 'b') throw new Error('no') } })(fifo(['a', 'b'], 'arn'), ctx()).catch((e: unknown) => e)) as BatchFailedError
      expect([error.notRun, error.message]).toEqual([0, 'faasport: 1 of 2 aws/sqs records failed: #1 (b): no'])
    })

    it('a standard queue still runs every message and reports only the failed ones', async () => {
      quiet()
      const ran: string[] = []
      const entry = on({ queue: (m) => { ran.push(m.body); if (m.body === 'b') throw new Error('no') } }, { reportBatchItemFailures: true })
      expect(await entry(aws.sqs([{ body: 'a', messageId: 'a' }, { body: 'b', messageId: 'b' }, { body: 'c', messageId: 'c' }]), ctx())).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] })
      expect(ran).toEqual(['a', 'b', 'c'])
    })
  })

  it('a record that cannot be read is reported with its index and reason; the others still run', async () => {
    quiet()
    const event = aws.sqs(['first', 'second', 'third'])
    ;(event.Records[1] as { body: unknown }).body = 42
    const seen: string[] = []
    const error = await on({ queue: (m) => void seen.push(m.body) })(event, ctx()).catch((e: unknown) => e)
    expect(seen).toEqual(['first', 'third'])
    expect((error as BatchFailedError).failures).toEqual([{ index: 1, id: event.Records[1]!.messageId, reason: 'Invalid aws/sqs event: Records[1].body must be a string, got number' }])
    // With partial batch responses on, the unreadable message is named for redelivery too.
    const partial = await on({ queue: () => {} }, { reportBatchItemFailures: true })(event, ctx())
    expect(partial).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] })
  })

  it('an S3 key with invalid percent-encoding is a reported record error', async () => {
    quiet()
    const event = aws.s3({ key: 'ok' })
    event.Records[0]!.s3.object.key = 'bad%E4%zz'
    const error = await on({ storage: () => {} })(event, ctx()).catch((e: unknown) => e)
    expect((error as BatchFailedError).failures[0]!.reason).toContain('invalid percent-encoding')
  })

  it('an empty Records array is an UnsupportedEventError, not a silent success', async () => {
    const error = await on({ queue: () => {} })({ Records: [] }, ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedEventError)
    expect((error as Error).message).toContain('an object with keys: Records')
  })
})

describe('routing', () => {
  it('http routes take a plain handler, a handle()/serve() entry or an app', async () => {
    const plain = on({ http: (req) => ({ path: req.path }) })
    const built = on({ http: handle((req) => ({ built: req.path })) })
    const app = on({ http: createExpress5() as never }) // untyped JavaScript use: recognised by shape
    const wrapped = on({ http: serve(createExpress5()) })
    expect(decodePlatformResult('aws/apigw-v2', await plain(aws.apiGatewayV2({ path: '/p' }), ctx())).json()).toEqual({ path: '/p' })
    expect(decodePlatformResult('aws/apigw-v2', await built(aws.apiGatewayV2({ path: '/b' }), ctx())).json()).toEqual({ built: '/b' })
    for (const entry of [app, wrapped]) {
      const res = decodePlatformResult('aws/apigw-v1', await entry(aws.apiGatewayV1({ method: 'POST', path: '/echo', body: { x: 1 } }), ctx()))
      expect(res.json().body).toEqual({ x: 1 })
    }
  })

  it('an event with no matching route is an UnsupportedEventError that says which route is missing', async () => {
    const entry = on({ http: () => 'ok' })
    const error = await entry(aws.sqs(['x']), ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedEventError)
    expect((error as Error).message).toBe('faasport: this is an aws/sqs event (queue), and on() has no queue route and no event route.')
    const noHttp = await on({ queue: () => {} })(aws.apiGatewayV2(), ctx()).catch((e: unknown) => e)
    expect((noHttp as Error).message).toContain('on() has no http route')
  })

  it('handle() and serve() refuse non-HTTP events with a pointer to on()', async () => {
    for (const entry of [handle(() => ''), serve(createExpress5())]) {
      const error = await entry(aws.scheduled(), ctx()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedEventError)
      expect((error as Error).message).toContain('no adapter recognises this event (an object with keys: version, id, detail-type')
      expect((error as Error).message).toContain('handle() and serve() read HTTP events; route timers, storage and queue events with on().')
    }
  })

  it('getInvocation() and the callback convention work for event routes', async () => {
    const callback = vi.fn()
    const context = ctx()
    let id = ''
    await on({ timer: (_t, inv) => void (id = inv.requestId) })(aws.scheduled(), context, callback)
    expect(id).toBe(context.awsRequestId)
    expect(callback).toHaveBeenCalledExactlyOnceWith(null, undefined)
  })
})
