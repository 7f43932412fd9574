import { readFileSync } from 'node:fs'
import { inspect } from 'node:util'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as hw from '../../adapters/huawei/factories.js'
import { describeHuaweiContext, describeHuaweiWebRequest } from '../../adapters/huawei/context.js'
import { huaweiKit } from '../../adapters/huawei/kit.js'
import { forgetWarnings } from '../../src/model/index.js'
import { huaweiWebProvider } from '../../adapters/huawei/web-request.js'
import * as awsEvents from '../../adapters/lambda/factories.js'
import { handle, on, serve, type Invocation } from '../../src/entries/huawei.js'
import type { QueueMessage, StorageEvent, TimerEvent } from '../../src/model/index.js'
import { listenWith } from '../../src/runtime/listen.js'
import { createTestKit } from '../../src/testing/request.js'
import { createExpress5, PNG } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

// Shapes follow FunctionGraph's documented sample events; each fixture names its page in test/fixtures/huawei/README.md.


const owned = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'huawei', name), 'utf8'))
const ctx = (init?: hw.HuaweiContextInit) => hw.huaweiContext(init)
const readAll = handle((req) => ({ method: req.method, path: req.path, query: { ...req.query }, body: req.text(), ip: req.sourceIp ?? null, params: { ...req.params }, host: req.header('host') ?? null }))
const SECRETS = Object.values(hw.FAKE_HUAWEI_CREDENTIALS)

afterEach(() => {
  vi.restoreAllMocks()
  forgetWarnings()
})

function quiet() {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
}

async function collect<T>(route: 'timer' | 'storage' | 'queue', event: unknown, context: unknown = ctx()): Promise<T[]> {
  const seen: T[] = []
  await on({ [route]: (record: T) => void seen.push(record) })(event, context)
  return seen
}

describe('FunctionGraph APIG trigger', () => {
  // "APIG Event Source", Example APIG Event (Node.js runtime guide).
  it('reads the documented event: a base64 body, queryStringParameters, the client from x-real-ip', async () => {
    const res = decodePlatformResult('huawei/apig', await readAll(owned('apig.json'), ctx()))
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ method: 'GET', path: '/', query: { responseType: 'html' }, body: '{"name": "OpenTelekomCloud"}', ip: '103.218.216.98', params: {}, host: 'host' })
  })

  // Huawei Cloud "Supported Event Sources", APIG example event (the console's test template): a text body flagged base64.
  it('reads the documented template, whose plain JSON body is flagged isBase64Encoded, as that text', async () => {
    const res = decodePlatformResult('huawei/apig', await readAll(owned('apig.template.json'), ctx()))
    expect(res.json()).toMatchObject({ path: '/apig-event-template', body: '{"test":"body"}', params: { path: 'value' } })
  })

  it('answers an Express app with the exact APIG result', async () => {
    const app = serve(createExpress5())
    const result = await app(hw.apig({ method: 'POST', path: '/echo?tag=a&tag=b', body: { tea: 'oolong' } }), ctx({ requestId: 'req-1' }))
    expect(Object.keys(result as object).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode'])
    const res = decodePlatformResult('huawei/apig', result)
    expect(res.status).toBe(200)
    expect(res.json()).toMatchObject({ method: 'POST', url: '/echo?tag=a&tag=b', body: { tea: 'oolong' }, query: { tag: ['a', 'b'] }, requestId: 'req-1' })
    expect((result as { isBase64Encoded: boolean }).isBase64Encoded).toBe(false)
  })

  it('answers binary bodies base64-encoded', async () => {
    const result = (await serve(createExpress5())(hw.apig({ path: '/png' }), ctx())) as { body: string; isBase64Encoded: boolean; headers: Record<string, string> }
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: PNG.toString('base64') })
    expect(result.headers['content-type']).toBe('image/png')
  })

  it('sends one Set-Cookie (the result holds one value per header) and warns once through the context logger', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const app = serve(createExpress5())
    const result = (await app(hw.apig({ path: '/cookies' }), ctx({ logger }))) as { headers: Record<string, unknown> }
    expect(result.headers['set-cookie']).toBe('session=abc; Path=/; HttpOnly')
    await app(hw.apig({ path: '/cookies' }), ctx({ logger }))
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(String(logger.warn.mock.calls[0]![0])).toContain('2 Set-Cookie headers')
  })

  it('refuses an answer over 6 MB with a 5xx that names the limit', async () => {
    quiet()
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const res = decodePlatformResult('huawei/apig', await handle(() => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(5 * 1024 * 1024) }))(hw.apig(), ctx({ logger })))
    expect(res.status).toBeGreaterThanOrEqual(500)
    expect(JSON.stringify([...logger.error.mock.calls, ...logger.warn.mock.calls])).toContain('FunctionGraph (synchronous invocations)')
  })

  it('claims nothing without a FunctionGraph context: the same event with no context, or a Lambda one, is unsupported', async () => {
    const event = hw.apig()
    await expect(readAll(event, undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
    await expect(readAll(event, awsEvents.lambdaContext())).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
    await expect(readAll(awsEvents.apiGatewayV1({ path: '/x' }), undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
  })

  it('works with the callback convention', async () => {
    const callback = vi.fn()
    const result = await readAll(hw.apig({ path: '/x' }), ctx(), callback)
    expect(callback).toHaveBeenCalledExactlyOnceWith(null, result)
  })
})

describe('the FunctionGraph context', () => {
  it('maps to the invocation, with the live remaining time and the project id as the account', async () => {
    const context = ctx({ functionName: 'orders', version: 'v2', memory: 256, timeoutMs: 5000, projectId: 'p-123', package: 'shop' })
    let inv: Invocation | undefined
    await handle((_r, i) => {
      inv = i
      return ''
    })(hw.apig(), context)
    expect({ provider: inv!.provider, trigger: inv!.trigger, id: inv!.requestId, fn: inv!.functionName, v: inv!.functionVersion, ns: inv!.namespace, mem: inv!.memoryLimitMB, account: inv!.accountId }).toEqual({
      provider: 'huawei',
      trigger: 'apig',
      id: context.getRequestID(),
      fn: 'orders',
      v: 'v2',
      ns: 'shop',
      mem: 256,
      account: 'p-123',
    })
    expect(inv!.remainingTimeMs()).toBeLessThanOrEqual(5000)
    expect(inv!.remainingTimeMs()).toBeGreaterThan(4000)
  })

  it('never reads the credential getters, nor lets their values reach headers, the invocation or logs', async () => {
    const context = ctx()
    const spies = (['getAccessKey', 'getSecretKey', 'getSecurityAccessKey', 'getSecuritySecretKey', 'getSecurityToken', 'getToken'] as const).map((name) => vi.spyOn(context, name))
    const logged: unknown[] = []
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...args) => void logged.push(...args))
    let seen = ''
    const result = await handle((req, inv) => {
      const { context: _raw, event: _event, signal: _signal, logger: _logger, ...fields } = inv
      seen = JSON.stringify({ headers: req.headers, req, fields, info: describeHuaweiContext(context) })
      console.log(req)
      throw new Error('boom')
    })(hw.apig({ headers: { 'x-test': '1' } }), context)
    expect(decodePlatformResult('huawei/apig', result).status).toBe(500)
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    const everything = seen + JSON.stringify(result) + logged.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))).join(' ')
    for (const secret of SECRETS) expect(everything).not.toContain(secret)
    expect(seen).toContain('x-test')
  })

  it('serializing or printing the invocation or the request shows none of the credentials the context holds in the open', async () => {
    const context = ctx()
    // The mock, like the runtime's context.js, keeps them as plain fields: the test below would catch a copy.
    for (const secret of SECRETS) expect(JSON.stringify(context)).toContain(secret)
    let shown = ''
    await handle((req, inv) => {
      shown = [JSON.stringify(inv), inspect(inv, { depth: 10 }), JSON.stringify(req), inspect(req, { depth: 10 })].join('\n')
      return ''
    })(hw.apig({ path: '/x' }), context)
    expect(shown).toContain('huawei')
    for (const secret of SECRETS) expect(shown).not.toContain(secret)
  })

  // "Using the FunctionGraph context": the runtime's context.js returns RUNTIME_TIMEOUT * 1000 from
  // getRunningTimeInSeconds(); a value under 1000 is taken as seconds.
  it('reads getRunningTimeInSeconds() as milliseconds, as the runtime returns it, so the fallback deadline is not 50 minutes out', async () => {
    const base = { getRequestID: () => 'r' }
    expect(describeHuaweiContext({ ...base, getRunningTimeInSeconds: () => 3000 }).timeoutMs).toBe(3000)
    expect(describeHuaweiContext({ ...base, getRunningTimeInSeconds: () => '900000' }).timeoutMs).toBe(900_000)
    expect(describeHuaweiContext({ ...base, getRunningTimeInSeconds: () => 30 }).timeoutMs).toBe(30_000)
    let deadline = Infinity
    const before = Date.now()
    const broken = {
      ...base,
      getRunningTimeInSeconds: () => 3000,
      getRemainingTimeInMilliSeconds: () => {
        throw new Error('no time')
      },
    }
    await handle((_r, inv) => {
      deadline = inv.deadline
      return ''
    })(hw.apig(), broken)
    expect(deadline - before).toBeLessThanOrEqual(3000 + (Date.now() - before))
  })

  it('survives getters that throw or return nonsense, and a logger with only info()', () => {
    const broken = {
      getRequestID: () => {
        throw new Error('no id')
      },
      getFunctionName: () => 42,
      getMemorySize: () => 'lots',
      getRunningTimeInSeconds: () => -1,
      getRemainingTimeInMilliSeconds: () => {
        throw new Error('no time')
      },
      getLogger: () => ({ info: () => {} }),
    }
    const info = describeHuaweiContext(broken)
    expect(info).toMatchObject({ requestId: undefined, functionName: '42', memoryLimitMB: undefined, timeoutMs: undefined, logger: undefined })
    expect(info.remainingTimeMs!()).toBe(Infinity)
  })

  it('reads nothing from a context that is not FunctionGraph’s', () => {
    expect(describeHuaweiContext(awsEvents.lambdaContext())).toEqual({})
    expect(describeHuaweiContext(undefined)).toEqual({})
  })
})

describe('FunctionGraph HTTP functions (listen())', () => {
  it('reads the X-CFF-* request headers into the invocation', () => {
    expect(
      describeHuaweiWebRequest({
        'x-cff-request-id': 'r-1',
        'x-cff-memory': '256',
        'x-cff-timeout': '30',
        'x-cff-func-version': 'latest',
        'x-cff-func-name': 'web',
        'x-cff-project-id': 'p-1',
        'x-cff-package': 'default',
        'x-cff-region': 'cn-north-4',
      }),
    ).toEqual({ requestId: 'r-1', memoryLimitMB: 256, timeoutMs: 30000, functionVersion: 'latest', functionName: 'web', accountId: 'p-1', namespace: 'default', region: 'cn-north-4' })
    expect(describeHuaweiWebRequest({ host: 'x' })).toBeUndefined()
  })

  it('a listen() server on FunctionGraph sees the request id and function from the headers', async () => {
    const server = await listenWith([huaweiWebProvider], handle((_req, inv) => ({ provider: inv.provider, id: inv.requestId, fn: inv.functionName, region: inv.region })), { port: 0, host: '127.0.0.1' })
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { 'x-cff-request-id': 'cff-42', 'x-cff-func-name': 'web', 'x-cff-region': 'cn-north-4' } })
      expect(await res.json()).toEqual({ provider: 'huawei', id: 'cff-42', fn: 'web', region: 'cn-north-4' })
    } finally {
      await server.close()
    }
  })
})

describe('FunctionGraph on()', () => {
  // "Timer Event Source" / Huawei Cloud "Supported Event Sources", TIMER example event.
  it('timer: trigger name, time and user_event as the payload', async () => {
    const [t] = await collect<TimerEvent>('timer', owned('timer.json'))
    expect(t).toMatchObject({ kind: 'timer', provider: 'huawei', trigger: 'timer', triggerName: 'Timer_001', scheduledTime: '2018-06-01T08:30:00+08:00', payload: 'User Event', data: 'User Event', id: 'Timer_001@2018-06-01T08:30:00+08:00' })
    const [json] = await collect<TimerEvent>('timer', hw.timer({ triggerName: 'nightly', userEvent: '{"job":"report"}' }))
    expect(json!.data).toEqual({ job: 'report' })
    const [empty] = await collect<TimerEvent>('timer', hw.timer())
    expect(empty!.payload).toBeUndefined()
  })

  // "OBS Event Source" (Go and Node.js runtime guides): the S3-compatible format, with and without eventSource.
  it('OBS, S3-compatible format: bucket, key, size, etag, region and action', async () => {
    const [o] = await collect<StorageEvent>('storage', owned('obs.s3.json'))
    expect(o).toMatchObject({ kind: 'storage', provider: 'huawei', trigger: 'obs', bucket: 'fg-sample-obs-go-runtime-sdk', key: 'test2.txt', size: 5, etag: '5d41402abc4b2a76b9719d911017c592', region: 'eu-de', action: 'created', eventName: 'ObjectCreated:Put', id: '4e788bb2744a49a1ab04148b47bf51dc-0' })
    const [p] = await collect<StorageEvent>('storage', owned('obs.s3-no-source.json'))
    expect(p).toMatchObject({ bucket: 'functionstorage-template', key: 'job.png', size: 777835, action: 'created', eventName: 'ObjectCreated:Post' })
  })

  it('OBS, its own format (obs section): the key decoded once, removals', async () => {
    const [o] = await collect<StorageEvent>('storage', hw.obs({ bucket: 'photos', key: 'holiday 2026/a b 100%.jpg', size: 7 }))
    expect(o).toMatchObject({ bucket: 'photos', key: 'holiday 2026/a b 100%.jpg', size: 7, action: 'created', region: 'cn-north-4' })
    const [r] = await collect<StorageEvent>('storage', hw.obs({ key: 'x', eventName: 'ObjectRemoved:Delete', format: 's3' }))
    expect(r).toMatchObject({ action: 'removed', key: 'x' })
  })

  it('an S3-compatible OBS event with a FunctionGraph context is Huawei’s in the all-clouds entry (not aws/s3)', async () => {
    const { on: onAll } = await import('../../src/index.js')
    const seen: StorageEvent[] = []
    await onAll({ storage: (o) => void seen.push(o) })(owned('obs.s3.json'), ctx())
    expect(seen.map((o) => `${o.provider}/${o.trigger}`)).toEqual(['huawei/obs'])
  })

  it('an OBS key with a broken escape fails its record, naming the field', async () => {
    quiet()
    const event = hw.obs({ key: 'k' })
    event.Records[0]!.obs!.object.key = 'bad%E0%A4%A'
    await expect(on({ storage: () => {} })(event, ctx())).rejects.toMatchObject({ failures: [{ index: 0, reason: expect.stringMatching(/^Invalid huawei\/obs event: Records\[0\]\.obs\.object\.key /) }] })
  })

  // Huawei Cloud "FunctionGraph支持的触发事件: 示例事件", SMN example event.
  it('SMN: message, id, subject, topic from the URN', async () => {
    const [m] = await collect<QueueMessage>('queue', owned('smn.json'))
    expect(m).toMatchObject({ kind: 'queue', provider: 'huawei', trigger: 'smn', messageId: 'a51671f77d4a479cacb09e2cd591a983', body: 'this is smn message content', subject: 'this is smn message subject', time: '2018-01-09T07:11:40Z', queue: '{function_name}', attributes: {} })
    const [a, b] = await collect<QueueMessage>('queue', hw.smn([{ message: '{"n":1}', attributes: { kind: 'order' } }, 'two'], 'orders'))
    expect([a!.json(), a!.attributes, a!.queue, b!.body]).toEqual([{ n: 1 }, { kind: 'order' }, 'orders', 'two'])
  })

  // "DMS for Kafka Event Source" and "DMS for RocketMQ Event Source".
  it('DMS for Kafka and RocketMQ: one message per entry, the topic as the queue', async () => {
    const kafka = await collect<QueueMessage>('queue', owned('dms-kafka.json'))
    expect(kafka.map((m) => m.body)).toEqual(['kafka message1', 'kafka message2', 'kafka message3', 'kafka message4', 'kafka message5'])
    expect(kafka[1]).toMatchObject({ provider: 'huawei', trigger: 'dms', queue: 'topic-test', index: 1, type: 'huawei.dms.kafka.message', time: '2019-12-19T06:46:02.000Z', messageId: '08fd3e1b-cf56-401f-b4c6-81fd2a1d3ae6/topic-test/1576737962/0.1' })
    const rocket = await collect<QueueMessage>('queue', owned('dms-rocketmq.json'))
    expect(rocket).toHaveLength(5)
    expect(rocket[0]).toMatchObject({ type: 'huawei.dms.rocketmq.message', queue: 'topic' })
  })

  // FunctionGraph polls the topic and hands over a batch ("Using a Kafka Trigger"): Kafka keeps order, so a failed
  // message stops the batch and the invocation fails, rather than later messages running before it.
  it('DMS: a batch stops at its first failed message and fails the invocation', async () => {
    quiet()
    const seen: string[] = []
    const route = on({
      queue: (m) => {
        seen.push(m.body)
        if (m.body === 'b') throw new Error('no')
      },
    })
    await expect(route(hw.dms(['a', 'b', 'c']), ctx())).rejects.toMatchObject({ code: 'BATCH_FAILED', failures: [{ index: 1, reason: 'no' }], notRun: 1 })
    expect(seen).toEqual(['a', 'b'])
  })

  it('none of these events is claimed without a FunctionGraph context', async () => {
    for (const event of [hw.timer(), hw.obs({ key: 'k' }), hw.smn(['m']), hw.dms(['m'])]) {
      await expect(on({ timer: () => {}, storage: () => {}, queue: () => {} })(event, undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
    }
  })
})

describe('bad FunctionGraph input', () => {
  async function expect400(event: unknown, mention: string) {
    quiet()
    const res = decodePlatformResult('huawei/apig', await readAll(event, ctx()))
    expect(res.status).toBe(400)
    expect(res.json().message).toContain(mention)
  }

  it('a missing or malformed httpMethod, a missing path', async () => {
    const event: Record<string, unknown> = { ...hw.apig() }
    delete event.httpMethod
    await expect400(event, 'httpMethod is missing')
    await expect400({ ...hw.apig(), httpMethod: 'GE T' }, 'httpMethod is not an HTTP method')
    await expect400({ ...hw.apig(), path: 7 }, 'path must be a string, got number')
  })

  it('header and query values that are not strings, path parameters that are not strings', async () => {
    await expect400({ ...hw.apig(), headers: { 'x-count': 3 } }, 'headers.x-count must be a list of strings, got number')
    await expect400({ ...hw.apig(), queryStringParameters: { q: { deep: 1 } } }, 'queryStringParameters.q must be a list of strings, got object')
    quiet()
    const params = handle((req) => ({ ...req.params }))
    const res = decodePlatformResult('huawei/apig', await params({ ...hw.apig(), pathParameters: { id: 1 } }, ctx()))
    expect([res.status, res.json().message]).toEqual([400, 'Invalid huawei/apig event: pathParameters.id must be a string, got number'])
  })

  it('a body that is not a string, an isBase64Encoded that is not a flag', async () => {
    await expect400({ ...hw.apig(), body: { a: 1 } }, 'body must be a string, got object')
    await expect400({ ...hw.apig({ method: 'POST', body: 'x' }), isBase64Encoded: 'maybe' }, 'isBase64Encoded must be true or false')
  })

  it('timer without trigger_name or time', async () => {
    await expect(collect('timer', { ...hw.timer(), trigger_name: undefined })).rejects.toMatchObject({ code: 'INVALID_EVENT', field: 'trigger_name' })
    await expect(collect('timer', { ...hw.timer(), time: 5 })).rejects.toMatchObject({ code: 'INVALID_EVENT', field: 'time' })
    await expect(collect('timer', { ...hw.timer(), user_event: {} })).rejects.toMatchObject({ code: 'INVALID_EVENT', field: 'user_event' })
  })

  it('OBS, SMN and DMS records that cannot be read fail the batch, naming the field, and the others still run', async () => {
    quiet()
    const seen: string[] = []
    const route = on({ storage: (o) => void seen.push(o.key), queue: (m) => void seen.push(m.body) })
    const obs = hw.obs({ key: 'good' })
    obs.Records.push({ ...obs.Records[0]!, obs: { ...obs.Records[0]!.obs!, object: { key: 5 as unknown as string } } })
    await expect(route(obs, ctx())).rejects.toMatchObject({ code: 'BATCH_FAILED', failures: [{ index: 1, reason: 'Invalid huawei/obs event: Records[1].obs.object.key must be a string, got number' }] })
    const smn = hw.smn(['fine', 'bad'])
    ;(smn.record[1]!.smn as Record<string, unknown>).message = undefined
    await expect(route(smn, ctx())).rejects.toMatchObject({ failures: [{ index: 1, id: smn.record[1]!.smn.message_id, reason: 'Invalid huawei/smn event: record[0].smn.message is missing'.replace('[0]', '[1]') }] })
    const dms = hw.dms(['one', 'two'])
    ;(dms.records as unknown[]).push({ messages: 'not a list', topic_id: 't' }, { messages: [3], topic_id: 't' })
    // DMS batches are ordered: the unreadable record stops the batch, the one after it is not run.
    await expect(route(dms, ctx())).rejects.toMatchObject({ failures: [{ index: 2, reason: 'Invalid huawei/dms event: records[1].messages must be a list of strings' }], notRun: 1 })
    expect(seen).toEqual(['good', 'fine', 'one', 'two'])
  })

  it('a DMS event whose records is not a list is an InvalidEventError', async () => {
    await expect(collect('queue', { ...hw.dms(['a']), records: {} })).rejects.toMatchObject({ code: 'INVALID_EVENT', field: 'records' })
  })
})

describe('the FunctionGraph test kit', () => {
  const kit = createTestKit([huaweiKit])

  it('request() sends an APIG event with a FunctionGraph context and decodes the result', async () => {
    const res = await kit.request(serve(createExpress5()), { method: 'POST', path: '/echo?x=1', body: { a: 1 }, headers: { 'x-multi': ['1', '2'] } })
    expect(res.status).toBe(200)
    expect(res.json()).toMatchObject({ method: 'POST', url: '/echo?x=1', body: { a: 1 }, multi: '1,2' })
  })

  it('invoke() runs on() with a mock context, and mockContext counts down from timeoutMs', async () => {
    const seen: string[] = []
    await kit.invoke(on({ queue: (m) => void seen.push(m.body) }), hw.smn(['hello']))
    expect(seen).toEqual(['hello'])
    const context = kit.mockContext('huawei', { timeoutMs: 10_000 }) as hw.HuaweiContext
    expect(context.getRemainingTimeInMilliSeconds()).toBeLessThanOrEqual(10_000)
    expect(context.getRemainingTimeInMilliSeconds()).toBeGreaterThan(9000)
    expect(context.getRunningTimeInSeconds()).toBe(10_000) // milliseconds, as the runtime's context.js returns
    expect(context.getAccessKey()).toBe(hw.FAKE_HUAWEI_CREDENTIALS.accessKey)
  })

  it('the APIG factory sends every body base64 with isBase64Encoded: true, as APIG does', () => {
    const event = hw.apig({ method: 'POST', body: 'plain', query: { a: ['1', '2'] } })
    expect([event.body, event.isBase64Encoded, event.queryStringParameters]).toEqual([Buffer.from('plain').toString('base64'), true, { a: ['1', '2'] }])
  })
})

describe('the all-clouds entry', () => {
  it('gives a FunctionGraph APIG event with its context to Huawei, and the same event without it to Lambda', async () => {
    const { handle: handleAll } = await import('../../src/index.js')
    const who = handleAll((_req, inv) => ({ provider: inv.provider, trigger: inv.trigger }))
    const event = hw.apig({ path: '/x' })
    expect(decodePlatformResult('huawei/apig', await who(event, ctx())).json()).toEqual({ provider: 'huawei', trigger: 'apig' })
    const lambda = (await who(awsEvents.apiGatewayV1({ path: '/x' }), awsEvents.lambdaContext())) as { body: string }
    expect(JSON.parse(lambda.body)).toEqual({ provider: 'aws', trigger: 'apigw-v1' })
  })
})
