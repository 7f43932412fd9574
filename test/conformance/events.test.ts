import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as fc from '../../adapters/fc/factories.js'
import * as aws from '../../adapters/lambda/factories.js'
import * as scf from '../../adapters/scf/factories.js'
import { BatchFailedError, handle, on, UnsupportedEventError, type EnvelopeEvent, type QueueMessage, type StorageEvent, type TimerEvent } from '../../src/index.js'

// FC and SCF non-HTTP triggers through on(), one normalized record per source, and the same handlers
// giving the same results for equivalent events on every cloud.

const shared = join(__dirname, '..', '..', '..', 'shared', 'fixtures')
const present = existsSync(shared)
const fixture = (name: string) => readFileSync(join(shared, name))
// Fixtures this project authored from the documented shapes (see test/fixtures/events/SOURCES.md).
const owned = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'events', name))
const ownedJson = (name: string): any => JSON.parse(owned(name).toString())

afterEach(() => {
  vi.restoreAllMocks()
})

async function collect<T>(route: 'timer' | 'storage' | 'queue' | 'event', event: unknown, context: unknown = {}): Promise<T[]> {
  const seen: T[] = []
  await on({ [route]: (record: T) => void seen.push(record) })(event, context)
  return seen
}

describe('Function Compute', () => {
  it('timer: trigger name, time and payload (parsed when JSON)', async () => {
    const [t] = await collect<TimerEvent>('timer', fc.timer({ triggerName: 'nightly', payload: '{"job":"report"}', time: '2026-11-22T03:00:00Z' }), fc.fcContext())
    expect(t).toMatchObject({ kind: 'timer', provider: 'aliyun', trigger: 'timer', triggerName: 'nightly', scheduledTime: '2026-11-22T03:00:00Z', payload: '{"job":"report"}', data: { job: 'report' }, specversion: '1.0', type: 'aliyun.fc.timer' })
  })

  it('OSS: bucket, key decoded once, size, etag, action', async () => {
    const [o] = await collect<StorageEvent>('storage', fc.oss({ bucket: 'photos', key: 'holiday 2026/你好 100%.jpg', size: 42 }), fc.fcContext())
    expect(o).toMatchObject({ trigger: 'oss', bucket: 'photos', key: 'holiday 2026/你好 100%.jpg', size: 42, action: 'created', eventName: 'ObjectCreated:PutObject', region: 'cn-hangzhou' })
    expect(o!.etag).toMatch(/^[0-9A-F]{32}$/)
    const [removed] = await collect<StorageEvent>('storage', fc.oss({ key: 'old.txt', eventName: 'ObjectRemoved:DeleteObject' }), fc.fcContext())
    expect(removed!.action).toBe('removed')
  })

  it.each([
    ['ObjectCreated:PutObject', 'created'],
    ['ObjectCreated:PostObject', 'created'],
    ['ObjectCreated:CopyObject', 'created'],
    ['ObjectCreated:AppendObject', 'created'],
    ['ObjectCreated:InitiateMultipartUpload', 'created'],
    ['ObjectCreated:CompleteMultipartUpload', 'created'],
    ['ObjectCreated:PutSymlink', 'created'],
    ['ObjectReplication:ObjectCreated', 'created'],
    ['ObjectReplication:ObjectModified', 'created'],
    ['ObjectRemoved:DeleteObject', 'removed'],
    ['ObjectRemoved:DeleteObjects', 'removed'],
    ['ObjectRemoved:AbortMultipartUpload', 'removed'],
    ['ObjectReplication:ObjectRemoved', 'removed'],
    ['ObjectDownloaded:GetObject', 'other'],
    ['ObjectModified:UpdateObjectMeta', 'other'],
    ['ObjectRestore:FinishRestore', 'other'],
  ])('OSS %s is %s', async (eventName, action) => {
    const [o] = await collect<StorageEvent>('storage', fc.oss({ key: 'k', eventName }), fc.fcContext())
    expect([o!.action, o!.eventName]).toEqual([action, eventName])
  })

  it('MNS topic, JSON format: message, topic, attributes from the extra fields', async () => {
    const [m] = await collect<QueueMessage>('queue', fc.mnsTopic({ message: 'hello', topic: 'orders', attributes: { tenant: 'acme' }, messageId: 'M1' }), fc.fcContext())
    expect(m).toMatchObject({ trigger: 'mns-topic', messageId: 'M1', body: 'hello', queue: 'orders', subject: 'fc-subscription' })
    expect({ ...m!.attributes }).toEqual({ tenant: 'acme' })
  })

  it('a timestamp outside the Date range leaves time undefined instead of throwing (MNS, SLS, COS, SQS)', async () => {
    const mns = JSON.parse(fc.mnsTopic({ message: 'm', messageId: 'M2' }).toString())
    const [m] = await collect<QueueMessage>('queue', Buffer.from(JSON.stringify({ ...mns, PublishTime: -8640000000000001 })), fc.fcContext())
    expect(m).toMatchObject({ messageId: 'M2', time: undefined })
    const sqs = aws.sqs(['x'])
    sqs.Records[0]!.attributes.SentTimestamp = '1e300'
    const [q] = await collect<QueueMessage>('queue', sqs, aws.lambdaContext())
    expect(q).toMatchObject({ body: 'x', time: undefined })
  })

  it('MNS topic, STREAM format: body and attributes; the id is the request’s', async () => {
    const context = fc.fcContext()
    const [m] = await collect<QueueMessage>('queue', fc.mnsStream({ body: 'raw bytes', attrs: { Extend: '{"k":"v"}' } }), context)
    expect(m).toMatchObject({ trigger: 'mns-stream', body: 'raw bytes', messageId: context.requestId })
    expect(m!.attributes.Extend).toBe('{"k":"v"}')
  })

  it('MNS queue through EventBridge: one CloudEvents envelope becomes a queue message', async () => {
    const [m] = await collect<QueueMessage>('queue', fc.mnsQueue({ body: '{"order":1}', queue: 'jobs', messageId: 'Q1' }), fc.fcContext())
    expect(m).toMatchObject({ trigger: 'mns-queue', messageId: 'Q1', body: '{"order":1}', type: 'mns:Queue:SendMessage', specversion: '1.0' })
    expect(m!.subject).toContain('queues/jobs')
    expect(m!.json()).toEqual({ order: 1 })
  })

  it('Kafka through EventBridge: a JSON array of JSON strings, one message each', async () => {
    const messages = await collect<QueueMessage>('queue', fc.kafka([{ value: 'one', key: 'k1', topic: 'clicks' }, 'two']), fc.fcContext())
    expect(messages.map((m) => [m.trigger, m.body, m.queue, m.index])).toEqual([
      ['kafka', 'one', 'clicks', 0],
      ['kafka', 'two', 'my-topic', 1],
    ])
    expect(messages[0]!.attributes).toMatchObject({ key: 'k1', partition: '0', offset: '0', topic: 'clicks' })
  })

  it('Kafka: an element that is not JSON is reported with its index; the others still run', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const batch = JSON.parse(fc.kafka(['a', 'c']).toString()) as string[]
    batch.splice(1, 0, '{not json')
    const seen: string[] = []
    const error = await on({ queue: (m) => void seen.push(m.body) })(Buffer.from(JSON.stringify(batch)), fc.fcContext()).catch((e: unknown) => e)
    expect(seen).toEqual(['a', 'c'])
    expect((error as BatchFailedError).failures).toEqual([{ index: 1, id: undefined, reason: expect.stringContaining('Invalid aliyun/eventbridge-batch event: [1] is not JSON') }])
  })

  it('OSS: a key with invalid percent-encoding is reported, not thrown', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const event = JSON.parse(fc.oss({ key: 'ok' }).toString())
    event.events.push(JSON.parse(JSON.stringify(event.events[0])))
    event.events[0].oss.object.key = 'bad%E4%zz'
    const seen: string[] = []
    const error = await on({ storage: (o) => void seen.push(o.key) })(Buffer.from(JSON.stringify(event)), fc.fcContext()).catch((e: unknown) => e)
    expect(seen).toEqual(['ok'])
    expect((error as BatchFailedError).failures[0]).toMatchObject({ index: 0, reason: expect.stringContaining('invalid percent-encoding') })
  })

  it('a failed record fails the invocation on FC, so the platform retries (no partial responses there)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const entry = on({ queue: () => Promise.reject(new Error('downstream down')) }, { reportBatchItemFailures: true })
    const error = await entry(fc.kafka(['x']), fc.fcContext()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BatchFailedError)
  })

  it('SLS jobs pass through as envelopes (project fixture)', async () => {
    const [job] = await collect<EnvelopeEvent>('event', owned('fc-sls.json'), fc.fcContext())
    expect(job).toMatchObject({ kind: 'event', trigger: 'sls', source: 'acs:log:shop-logs/access', subject: 'shard/3', time: '2026-03-01T02:35:00.000Z', data: { shardId: 3, beginCursor: 'MTc3MjMzMjAwMDAwMDAwMDAwMQ==' } })
    expect(job!.extensions).toMatchObject({ jobName: '6b1f0c2e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b' })
  })

  it('an SLS job without its identity (task, project, logstore, shard) is an InvalidEventError naming the field', async () => {
    const job = ownedJson('fc-sls.json')
    const broken: Array<[unknown, string]> = [
      [{ ...job, taskId: undefined }, 'taskId is missing'],
      [{ ...job, taskId: { a: 1 } }, 'taskId must be a string, got object'],
      [{ ...job, source: { ...job.source, projectName: undefined } }, 'source.projectName is missing'],
      [{ ...job, source: { ...job.source, shardId: '3' } }, 'source.shardId must be a whole number, got string'],
    ]
    for (const [event, message] of broken) {
      const error = await collect('event', Buffer.from(JSON.stringify(event)), fc.fcContext()).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'INVALID_EVENT', message: `Invalid aliyun/sls event: ${message}` })
    }
  })

  it('OSS: a record with neither a request id nor an event time is reported, not given a made-up id', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const event = JSON.parse(fc.oss({ key: 'k' }).toString())
    delete event.events[0].responseElements
    delete event.events[0].eventTime
    const error = await collect('storage', Buffer.from(JSON.stringify(event)), fc.fcContext()).catch((e: unknown) => e)
    expect((error as BatchFailedError).failures[0]).toMatchObject({ index: 0, reason: expect.stringContaining('events[0].responseElements.requestId is missing, and so is eventTime') })
  })

  it.skipIf(!present)('other EventBridge sources and SLS jobs pass through as envelopes (public capture)', async () => {
    const [job] = await collect<EnvelopeEvent>('event', fixture('fc-sls.json'), fc.fcContext())
    expect(job).toMatchObject({ kind: 'event', trigger: 'sls', source: 'acs:log:log-com/log-en', data: { shardId: 0, beginCursor: 'MTUyOTQ4MDIwOTY1NTk3ODQ2Mw==' } })
  })

  it('every project FC fixture reads into the expected records, without a record error', async () => {
    const seen: Array<[string, string, string]> = []
    const entry = on({
      timer: (t) => void seen.push([t.trigger, t.triggerName ?? '', t.scheduledTime]),
      storage: (o) => void seen.push([o.trigger, o.action, `${o.bucket}/${o.key}`]),
      queue: (m) => void seen.push([m.trigger, m.messageId, m.body]),
      event: (e) => void seen.push([e.trigger, e.kind, e.id]),
    })
    for (const name of ['fc-timer.json', 'fc-oss.json', 'fc-oss-eventbridge.json', 'fc-mns-topic.json', 'fc-mns-topic-stream.json', 'fc-mns-queue-eventbridge.json', 'fc-kafka-eventbridge-batch.json', 'fc-rocketmq-eventbridge-stream.json', 'fc-sls.json']) {
      await expect(entry(owned(name), fc.fcContext({ requestId: 'req-1' })), name).resolves.toBeUndefined()
    }
    expect(seen).toEqual([
      ['timer', 'nightly-report', '2026-03-01T02:30:00Z'],
      ['oss', 'created', 'uploads/inbox/报告 Q1.pdf'],
      ['oss', 'removed', 'uploads/inbox/old.txt'],
      ['oss', 'created', 'uploads/inbox/photo 1.jpg'],
      ['mns-topic', '8A1B2C3D4E5F6071-1-18E0A1B2C3D-200000001', '{"order":42}'],
      ['mns-stream', 'req-1', 'order 42 shipped'],
      ['mns-queue', 'D1E2F3A4B5C6D7E8-1-18E0A1B2C3D-200000002', 'resize inbox/photo 1.jpg'],
      ['kafka', '9c8b7a6f-0000-4000-8000-000000000000', '{"page":"/"}'],
      ['kafka', '9c8b7a6f-0000-4000-8000-000000000001', '{"page":"/cart"}'],
      ['rocketmq', 'a1b2c3d4-0000-4000-8000-000000000001', '{"order":42}'],
      ['sls', 'event', '0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a'],
    ])
  })

  it.skipIf(!present)('every public FC capture reads without a record error', async () => {
    const entry = on({ timer: () => {}, storage: () => {}, queue: () => {}, event: () => {} })
    for (const name of ['fc-timer.json', 'fc-timer.go-sdk-readme.json', 'fc-oss.json', 'fc-oss.fc3-cli-template.json', 'fc-oss.go-sdk-readme.json', 'fc-mns-topic.json', 'fc-mns-topic-stream.json', 'fc-mns-queue-eventbridge-cloudevent.json', 'fc-kafka-eventbridge-batch.json', 'fc-sls.json']) {
      await expect(entry(fixture(name), fc.fcContext()), name).resolves.toBeUndefined()
    }
  })
})

describe('SCF', () => {
  it('timer: trigger name, time, message', async () => {
    const [t] = await collect<TimerEvent>('timer', scf.timer({ triggerName: 'nightly', message: 'go', time: '2026-11-22T03:00:00Z' }), scf.scfContext())
    expect(t).toMatchObject({ provider: 'tencent', trigger: 'timer', triggerName: 'nightly', scheduledTime: '2026-11-22T03:00:00Z', payload: 'go', data: 'go' })
  })

  it('COS: the bucket’s own name (as on S3 and OSS), the key without the /appid/bucket/ prefix, decoded once', async () => {
    const [o] = await collect<StorageEvent>('storage', scf.cos({ bucket: 'photos', key: 'holiday 2026/a b.jpg', size: 7 }), scf.scfContext())
    expect(o).toMatchObject({ trigger: 'cos', bucket: 'photos', key: 'holiday 2026/a b.jpg', size: 7, action: 'created', region: 'gz' })
    // The SDKs' name, with the APPID, is where a resource name has it.
    expect(o!.source).toBe('qcs::cos:gz:uid/1250000000:photos-1250000000')
    const [removed] = await collect<StorageEvent>('storage', scf.cos({ key: 'x', eventName: 'cos:ObjectRemove:Delete' }), scf.scfContext())
    expect(removed!.action).toBe('removed')
  })

  it('COS factory: the bucket given with or without its APPID makes the same realistic event', async () => {
    for (const init of [{ bucket: 'photos' }, { bucket: 'photos-1250000000' }, { bucket: 'photos-1300012345', appid: '1300012345' }, { bucket: 'photos', appid: '1300012345' }]) {
      const event = scf.cos({ ...init, key: 'a b.jpg' }) as { Records: Array<{ cos: { cosBucket: { name: string; appid: string }; cosObject: { key: string; url: string } } }> }
      const { cosBucket, cosObject } = event.Records[0]!.cos
      const appid = init.appid ?? '1250000000'
      expect([cosBucket.name, cosBucket.appid, cosObject.key], JSON.stringify(init)).toEqual(['photos', appid, `/${appid}/photos/a%20b.jpg`])
      expect(cosObject.url).toMatch(new RegExp(`^http://photos-${appid}\\.cos\\.`))
      const [o] = await collect<StorageEvent>('storage', event, scf.scfContext())
      expect([o!.bucket, o!.key, o!.source]).toEqual(['photos', 'a b.jpg', `qcs::cos:gz:uid/${appid}:photos-${appid}`])
    }
  })

  it('COS: a bucket name that already carries the APPID is read the same', async () => {
    const event = scf.cos({ bucket: 'photos', key: 'k.txt' }) as { Records: Array<{ cos: { cosBucket: { name: string }; cosObject: { key: string } } }> }
    event.Records[0]!.cos.cosBucket.name = 'photos-1250000000'
    const [o] = await collect<StorageEvent>('storage', event, scf.scfContext())
    expect([o!.bucket, o!.key]).toEqual(['photos', 'k.txt'])
    event.Records[0]!.cos.cosObject.key = '/1250000000/photos-1250000000/k.txt'
    const [again] = await collect<StorageEvent>('storage', event, scf.scfContext())
    expect([again!.bucket, again!.key]).toEqual(['photos', 'k.txt'])
  })

  it.each([
    ['cos:ObjectCreated:Put', 'created'],
    ['cos:ObjectCreated:Post', 'created'],
    ['cos:ObjectCreated:Copy', 'created'],
    ['cos:ObjectCreated:CompleteMultipartUpload', 'created'],
    ['cos:ObjectCreated:Origin', 'created'],
    ['cos:ObjectCreated:Replication', 'created'],
    ['cos:ObjectCreated:*', 'created'],
    ['cos:ObjectRemove:Delete', 'removed'],
    ['cos:ObjectRemove:DeleteMarkerCreated', 'removed'],
    ['cos:ObjectRestore:Post', 'other'],
    ['cos:ObjectRestore:Completed', 'other'],
  ])('COS %s is %s', async (eventName, action) => {
    const [o] = await collect<StorageEvent>('storage', scf.cos({ key: 'k', eventName }), scf.scfContext())
    expect([o!.action, o!.eventName]).toEqual([action, eventName])
  })

  it('CMQ and CKafka: one message per record', async () => {
    const cmq = await collect<QueueMessage>('queue', scf.cmq([{ body: 'a', tag: 't1', msgId: '1' }, 'b']), scf.scfContext())
    expect(cmq.map((m) => [m.trigger, m.messageId === '1' || m.index === 1, m.body, m.queue])).toEqual([
      ['cmq', true, 'a', 'my-topic'],
      ['cmq', true, 'b', 'my-topic'],
    ])
    expect(cmq[0]!.attributes.msgTag).toBe('t1')
    const kafka = await collect<QueueMessage>('queue', scf.ckafka([{ body: 'x', key: 'k' }, 'y'], 'clicks'), scf.scfContext())
    expect(kafka.map((m) => [m.trigger, m.messageId, m.body])).toEqual([
      ['ckafka', 'clicks:0:0', 'x'],
      ['ckafka', 'clicks:0:1', 'y'],
    ])
  })

  it('records missing fields are reported with their index and reason; the others still run', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const event = scf.cmq(['fine', 'also fine']) as { Records: Array<Record<string, unknown>> }
    event.Records.splice(1, 0, { CMQ: { msgId: '9' } })
    const seen: string[] = []
    const error = await on({ queue: (m) => void seen.push(m.body) })(event, scf.scfContext()).catch((e: unknown) => e)
    expect(seen).toEqual(['fine', 'also fine'])
    expect((error as BatchFailedError).failures).toEqual([{ index: 1, id: '9', reason: 'Invalid tencent/cmq event: Records[1].CMQ.msgBody is missing' }])
  })

  it('a CKafka record without topic, partition or offset is reported: its id (what users deduplicate on) needs all three', async () => {
    // Checked one at a time: a CKafka batch is ordered, so it stops at the first record it cannot read.
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const reasons: string[] = []
    for (const [field, value, reason] of [
      ['partition', {}, 'Invalid tencent/ckafka event: Records[1].Ckafka.partition must be a whole number, got object'],
      ['topic', undefined, 'Invalid tencent/ckafka event: Records[1].Ckafka.topic is missing'],
      ['offset', 1.5, 'Invalid tencent/ckafka event: Records[1].Ckafka.offset must be a whole number, got 1.5'],
    ] as const) {
      const event = scf.ckafka(['a', 'b', 'c'], 'clicks') as { Records: Array<{ Ckafka: Record<string, unknown> }> }
      if (value === undefined) delete event.Records[1]!.Ckafka[field]
      else event.Records[1]!.Ckafka[field] = value
      const seen: string[] = []
      const error = (await on({ queue: (m) => void seen.push(m.messageId) })(event, scf.scfContext()).catch((e: unknown) => e)) as BatchFailedError
      expect(seen).toEqual(['clicks:0:0'])
      expect(error.notRun).toBe(1)
      reasons.push(...error.failures.map((f) => f.reason))
      expect(reason).toBe(reasons.at(-1))
    }
  })

  it('every project SCF fixture reads into the expected records, without a record error', async () => {
    const seen: Array<[string, string, string]> = []
    const entry = on({
      timer: (t) => void seen.push([t.trigger, t.triggerName ?? '', t.payload ?? '']),
      storage: (o) => void seen.push([o.trigger, o.action, `${o.bucket}/${o.key}`]),
      queue: (m) => void seen.push([m.trigger, m.messageId, m.body]),
    })
    for (const name of ['scf-timer.json', 'scf-cos.json', 'scf-cmq.json', 'scf-ckafka.json']) {
      await expect(entry(ownedJson(name), scf.scfContext()), name).resolves.toBeUndefined()
    }
    expect(seen).toEqual([
      ['timer', 'nightly-report', '{"report":"daily"}'],
      ['cos', 'created', 'uploads/inbox/report Q1.pdf'],
      ['cmq', '12345678901234567', '{"order":42}'],
      ['ckafka', 'clicks:1:36', '{"page":"/cart"}'],
    ])
  })

  it.skipIf(!present)('every public SCF capture reads without a record error', async () => {
    const entry = on({ timer: () => {}, storage: () => {}, queue: () => {} })
    for (const name of ['scf-timer.json', 'scf-timer.doc-sample.json', 'scf-cos.json', 'scf-cmq.json', 'scf-ckafka.json']) {
      await expect(entry(JSON.parse(fixture(name).toString()), scf.scfContext()), name).resolves.toBeUndefined()
    }
  })
})

describe('one handler, every cloud', () => {
  const describeTimer = (t: TimerEvent) => ({ kind: t.kind, name: t.triggerName, at: t.scheduledTime, payload: t.payload ?? null })
  const describeObject = (o: StorageEvent) => ({ kind: o.kind, bucket: o.bucket, key: o.key, size: o.size, action: o.action })

  it('the same timer handler gives the same result for AWS, Alibaba and Tencent schedules', async () => {
    const results: unknown[] = []
    const worker = on({ timer: (t) => void results.push(describeTimer(t)) })
    const at = '2026-11-22T03:00:00Z'
    await worker(aws.scheduled({ rule: 'nightly', time: at, source: 'aws.scheduler', detail: { job: 'report' } }), aws.lambdaContext())
    await worker(fc.timer({ triggerName: 'nightly', time: at, payload: '{"job":"report"}' }), fc.fcContext())
    await worker(scf.timer({ triggerName: 'nightly', time: at, message: '{"job":"report"}' }), scf.scfContext())
    expect(results).toEqual([
      { kind: 'timer', name: 'nightly', at, payload: '{"job":"report"}' },
      { kind: 'timer', name: 'nightly', at, payload: '{"job":"report"}' },
      { kind: 'timer', name: 'nightly', at, payload: '{"job":"report"}' },
    ])
  })

  it('the same storage handler gives the same result for S3, OSS and COS uploads and deletions', async () => {
    const results: unknown[] = []
    const worker = on({ storage: (o) => void results.push(describeObject(o)) })
    const key = 'reports/2026 Q4 (final)+v2.pdf'
    await worker(aws.s3({ bucket: 'docs', key, size: 2048 }), aws.lambdaContext())
    await worker(fc.oss({ bucket: 'docs', key, size: 2048 }), fc.fcContext())
    await worker(scf.cos({ bucket: 'docs', key, size: 2048 }), scf.scfContext())
    await worker(aws.s3({ bucket: 'docs', key, eventName: 'ObjectRemoved:Delete' }), aws.lambdaContext())
    await worker(fc.oss({ bucket: 'docs', key, eventName: 'ObjectRemoved:DeleteObject' }), fc.fcContext())
    await worker(scf.cos({ bucket: 'docs', key, eventName: 'cos:ObjectRemove:Delete' }), scf.scfContext())
    const created = { kind: 'storage', bucket: 'docs', key, size: 2048, action: 'created' }
    expect(results.slice(0, 3)).toEqual([created, created, created])
    const removed = { kind: 'storage', bucket: 'docs', key, action: 'removed' }
    expect(results.slice(3)).toMatchObject([removed, removed, removed])
  })
})
