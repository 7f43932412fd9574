import { EventEmitter } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { describeFcWebRequest } from '../../adapters/fc/context.js'
import * as fc from '../../adapters/fc/factories.js'
import { fcProvider } from '../../adapters/fc/index.js'
import { forgetWarnings } from '../../src/model/index.js'
import { handle, initializer, listen, serve, UnsupportedEventError, type Invocation } from '../../src/entries/fc.js'
import { createExpress5, createKoa3 } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

const shared = join(__dirname, '..', '..', '..', 'shared', 'fixtures')
const present = existsSync(shared)
const fixture = (name: string) => readFileSync(join(shared, name))
/** The project's own fixtures, authored from FC's documented shapes. */
const own = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'fc', name))
const ctx = () => fc.fcContext()

/** A logger that records every line, as FC's per-invocation `context.logger` would print it. */
function recordingLogger() {
  const lines: string[] = []
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push(`${level} ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`)
  return { lines, logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } }
}

beforeEach(() => {
  forgetWarnings()
})

afterEach(() => {
  vi.restoreAllMocks()
})

function quiet() {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
}

describe('FC 3.0 HTTP trigger', () => {
  it('answers with exactly { statusCode, headers, isBase64Encoded, body }', async () => {
    const entry = handle(() => ({ statusCode: 201, headers: { 'content-type': 'text/plain', 'x-multi': ['a', 'b'] }, body: 'made' }))
    expect(await entry(fc.httpV3({ method: 'POST', path: '/things' }), ctx())).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-multi': 'a, b' },
      isBase64Encoded: false,
      body: 'made',
    })
  })

  it('reads the Buffer event: method, encoded path, Title-Case headers, comma-joined repeats, source IP', async () => {
    let seen: Record<string, unknown> = {}
    await handle((req) => {
      seen = { method: req.method, path: req.path, query: { ...req.query }, ua: req.header('user-agent'), multi: req.headers['x-multi'], ip: req.sourceIp, body: req.text() }
      return ''
    })(fc.httpV3({ method: 'PUT', path: '/a%20b/%E4%BD%A0?tag=x&tag=y', headers: { 'X-Multi': ['1', '2'] }, body: 'payload', sourceIp: '198.51.100.3' }), ctx())
    expect(seen).toEqual({ method: 'PUT', path: '/a%20b/%E4%BD%A0', query: { tag: 'x,y' }, ua: 'curl/8.5.0', multi: '1,2', ip: '198.51.100.3', body: 'payload' })
  })

  const readBack = handle((req) => ({ method: req.method, path: req.path, query: { ...req.query }, body: req.text(), hasBody: req.body !== undefined }))

  it('runs an event invoked through FC’s API: Title-Case headers, an empty requestId, an extra triggerId', async () => {
    let seen: Record<string, unknown> = {}
    const res = await handle((req) => {
      seen = { type: req.header('content-type'), language: req.headers['accept-language'], action: req.headers['x-acs-action'], ip: req.sourceIp }
      return { method: req.method, path: req.path, query: { ...req.query }, body: req.text() }
    })(own('http-v3.api-invoke.json'), ctx())
    expect(decodePlatformResult('aliyun/http-v3', res).json()).toEqual({ method: 'POST', path: '/2023-03-30/functions/orders-api/invocations', query: {}, body: 'order #42' })
    // A comma inside one header value is not a list separator to split on.
    expect(seen).toEqual({ type: 'text/plain; charset=utf-8', language: 'zh-CN,en;q=0.8', action: 'InvokeFunction', ip: '203.0.113.77' })
  })

  it('keeps rawPath encoded, reads non-ASCII and comma-joined query values, and an empty flagged body as no body', async () => {
    let headers: Record<string, unknown> = {}
    const res = await handle((req) => {
      headers = { custom: req.headers['x-custom'], encoding: req.header('accept-encoding') }
      return { path: req.path, query: { ...req.query }, body: req.text(), hasBody: req.body !== undefined }
    })(own('http-v3.escaped-path.json'), ctx())
    expect(decodePlatformResult('aliyun/http-v3', res).json()).toEqual({ path: '/files/%E6%8A%A5%E5%91%8A%202024.pdf', query: { 城市: '杭州', tag: 'a,b' }, body: '', hasBody: false })
    expect(headers).toEqual({ custom: 'one,two', encoding: 'gzip, deflate' })
  })

  it.skipIf(!present)('runs the public capture and the escaped-path sample from the FC documentation', async () => {
    const capture = decodePlatformResult('aliyun/http-v3', await readBack(fixture('fc-http-trigger-v3.json'), ctx()))
    expect(capture.json()).toEqual({ method: 'POST', path: '/2023-03-30/functions/fc3-event-test-http-trigger-Darwin-x86_64/invocations', query: {}, body: 'haha', hasBody: true })
    const escaped = decodePlatformResult('aliyun/http-v3', await readBack(fixture('fc-http-trigger-v3.escaped-path.json'), ctx()))
    // isBase64Encoded: true on an empty GET body means no body, not an error.
    expect(escaped.json()).toEqual({ method: 'GET', path: '/my/path%E4%BD%A0%E5%A5%BD', query: { 你好: '世界' }, body: '', hasBody: false })
  })

  it('sends the first of several Set-Cookie headers and warns once per process, though FC hands every invocation a new logger', async () => {
    const loggers = [recordingLogger(), recordingLogger(), recordingLogger()]
    const entry = handle(() => ({ statusCode: 200, cookies: ['a=1', 'b=2'], body: '' }))
    const results: Array<{ headers: Record<string, string> }> = []
    for (const { logger } of loggers) results.push((await entry(fc.httpV3(), fc.fcContext({ logger }))) as { headers: Record<string, string> })
    expect(results.map((r) => r.headers['set-cookie'])).toEqual(['a=1', 'a=1', 'a=1'])
    expect(loggers.map((l) => l.lines.length)).toEqual([1, 0, 0])
    expect(loggers[0]!.lines[0]).toContain('only the first was sent')
  })

  it('warns once per process that FC’s default domains download HTML: *.fcapp.run and *.fc.aliyuncs.com', async () => {
    const html = handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>hi</p>' }))
    const first = recordingLogger()
    const second = recordingLogger()
    await html(fc.httpV3(), fc.fcContext({ logger: first.logger }))
    await html(fc.httpV3(), fc.fcContext({ logger: second.logger }))
    expect([first.lines.length, second.lines.length]).toEqual([1, 0])
    expect(first.lines[0]).toMatch(/default domain my-func-\w+\.cn-hangzhou\.fcapp\.run .*bind a custom domain/)
    forgetWarnings()
    const older = recordingLogger()
    await html(own('http-v3.api-invoke.json'), fc.fcContext({ logger: older.logger }))
    expect(older.lines).toEqual([expect.stringContaining('default domain 1122334455667788.cn-shanghai.fc.aliyuncs.com')])
  })

  it('does not warn about HTML on a custom domain, or about JSON on the default one', async () => {
    const { lines, logger } = recordingLogger()
    const custom = { ...fc.httpV3Event(), requestContext: { ...fc.httpV3Event().requestContext, domainName: 'www.example.com' } }
    await handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<p>hi</p>' }))(Buffer.from(JSON.stringify(custom)), fc.fcContext({ logger }))
    await handle(() => ({ ok: true }))(fc.httpV3(), fc.fcContext({ logger }))
    expect(lines).toEqual([])
  })
})

describe('FC API Gateway trigger', () => {
  it('reads isBase64Encoded as the string "true"/"false" and answers with a string body', async () => {
    const entry = handle((req) => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: req.body }))
    const result = (await entry(fc.apiGateway({ method: 'POST', path: '/upload', body: new Uint8Array([1, 2, 3]) }), ctx())) as Record<string, unknown>
    expect(Object.keys(result).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode'])
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: 'AQID' })
    const text = await handle((req) => req.text())(fc.apiGateway({ method: 'POST', body: 'plain' }), ctx())
    expect(text).toMatchObject({ body: 'plain', isBase64Encoded: false })
  })

  it('keeps path parameters and repeated query values', async () => {
    let seen: Record<string, unknown> = {}
    await handle((req) => {
      seen = { params: { ...req.params }, query: { ...req.query } }
      return ''
    })(fc.apiGateway({ path: '/users/7?x=1&x=2', pathParameters: { id: '7' } }), ctx())
    expect(seen).toEqual({ params: { id: '7' }, query: { x: ['1', '2'] } })
  })

  it('reads an event with isBase64Encoded "true": bytes, Title-Case headers, path parameters, the client from X-Forwarded-For', async () => {
    let seen: Record<string, unknown> = {}
    const result = await handle((req) => {
      seen = { method: req.method, path: req.path, params: { ...req.params }, query: { ...req.query }, type: req.header('content-type'), ip: req.sourceIp }
      return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: req.body }
    })(own('apigw.binary.json'), ctx())
    expect(seen).toEqual({ method: 'POST', path: '/users/7/avatar', params: { id: '7' }, query: { size: 'large' }, type: 'application/octet-stream', ip: '198.51.100.20' })
    expect(result).toEqual({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: 'iVBORw0K/wD+' })
  })

  it('reads an event with isBase64Encoded "false" into an Express app: JSON body, client from X-Real-IP', async () => {
    const res = decodePlatformResult('aliyun/apigw', await serve(createExpress5())(Buffer.from(JSON.stringify({ ...JSON.parse(own('apigw.json-body.json').toString()), path: '/echo' })), ctx()))
    expect(res.json()).toMatchObject({ method: 'PUT', body: { items: [1, 2, 3] } })
    let ip: string | undefined
    await handle((req) => {
      ip = req.sourceIp
      return ''
    })(own('apigw.json-body.json'), ctx())
    expect(ip).toBe('203.0.113.5')
  })
})

describe('FC 2.0 HTTP functions: (req, resp, context)', () => {
  const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

  it('read the body from the req stream and answer through resp, every cookie included', async () => {
    const { req, resp } = fc.httpV2({ method: 'POST', path: '/echo?a=1&a=2', body: { hello: 'fc2' }, headers: { 'x-multi': ['one', 'two'] } })
    const returned = await serve(createKoa3())(req, resp, ctx())
    expect(returned).toBeUndefined()
    const recorded = await resp.sent
    expect(recorded.statusCode).toBe(200)
    expect(JSON.parse(recorded.body!.toString())).toMatchObject({ body: { hello: 'fc2' }, query: { a: ['1', '2'] }, multi: 'one, two' })
    const cookies = fc.httpV2({ path: '/cookies' })
    await serve(createExpress5(), { logger: silent })(cookies.req, cookies.resp, ctx())
    expect(cookies.resp.recorded.headers['set-cookie']).toHaveLength(2)
  })

  it.each([
    ['Express 5', () => createExpress5()],
    ['Koa 3', () => createKoa3()],
  ])('%s reads the body the runtime already read into req.body (FC’s documented form)', async (_name, make) => {
    const { req, resp } = fc.httpV2({ method: 'POST', path: '/echo', body: { hello: 'read' }, bodyRead: true })
    expect(Buffer.isBuffer(req.body)).toBe(true)
    await serve(make())(req, resp, ctx())
    expect(JSON.parse(resp.recorded.body!.toString())).toMatchObject({ method: 'POST', body: { hello: 'read' } })
  })

  it('takes a string req.body, and binary bodies byte for byte', async () => {
    const text = fc.httpV2({ method: 'POST', path: '/', headers: { 'content-type': 'text/plain' } })
    ;(text.req as { body?: string }).body = 'as a string'
    await handle((req) => req.text())(text.req, text.resp, ctx())
    expect(text.resp.recorded.body!.toString()).toBe('as a string')
    const bytes = fc.httpV2({ method: 'POST', path: '/upload', body: new Uint8Array([0, 255, 1, 254]), bodyRead: true })
    await serve(createExpress5())(bytes.req, bytes.resp, ctx())
    expect([...bytes.resp.recorded.body!]).toEqual([0, 255, 1, 254])
  })

  it('a stream the runtime already consumed, without req.body, is an empty body, not a wait for FC’s timeout', async () => {
    const { req, resp } = fc.httpV2({ method: 'POST', path: '/', body: 'gone' })
    for await (const _chunk of req) {
      // the runtime read it and kept nothing
    }
    expect(req.readableEnded).toBe(true)
    await handle((r) => ({ hasBody: r.body !== undefined }))(req, resp, ctx())
    expect(JSON.parse(resp.recorded.body!.toString())).toEqual({ hasBody: false })
    // A request object that is no Node stream but says it is complete.
    const done = Object.assign(new EventEmitter(), { headers: {}, path: '/', method: 'POST', complete: true })
    const doneResp = new fc.FcResponseRecorder()
    await handle((r) => ({ hasBody: r.body !== undefined }))(done, doneResp, ctx())
    expect(JSON.parse(doneResp.recorded.body!.toString())).toEqual({ hasBody: false })
  })

  it('a req stream that fails or closes before its end is a 400 sent through resp', async () => {
    const broken = Object.assign(new PassThrough(), { headers: {}, path: '/', method: 'POST', queries: {} })
    const answered = new fc.FcResponseRecorder()
    const pending = handle(() => 'never', { logger: silent })(broken, answered, ctx())
    broken.write('partial')
    broken.destroy(new Error('connection reset by peer'))
    await pending
    expect(answered.recorded.statusCode).toBe(400)
    expect(JSON.parse(answered.recorded.body!.toString()).message).toBe('Invalid aliyun/http-v2 event: req body could not be read: connection reset by peer')

    const closed = Object.assign(new PassThrough(), { headers: {}, path: '/', method: 'POST', queries: {} })
    const closedResp = new fc.FcResponseRecorder()
    const waiting = handle(() => 'never', { logger: silent })(closed, closedResp, ctx())
    closed.destroy()
    await waiting
    expect([closedResp.recorded.statusCode, JSON.parse(closedResp.recorded.body!.toString()).message]).toEqual([
      400,
      'Invalid aliyun/http-v2 event: req body could not be read: the request stream was closed before its end',
    ])
    // Already destroyed when the invocation starts.
    const late = new fc.FcResponseRecorder()
    await handle(() => 'never', { logger: silent })(closed, late, ctx())
    expect(late.recorded.statusCode).toBe(400)
  })

  it('a resp that refuses a list for Set-Cookie still sends the answer, with the first cookie and one warning', async () => {
    const loggers = [recordingLogger(), recordingLogger()]
    const entry = handle(() => ({ statusCode: 201, headers: { 'content-type': 'text/plain', 'x-multi': ['a', 'b'] }, cookies: ['a=1', 'b=2'], body: 'made' }))
    for (const { logger } of loggers) {
      const { req, resp } = fc.httpV2({ path: '/' })
      const setHeader = resp.setHeader.bind(resp)
      // The documented signature: setHeader(headerKey: string, headerValue: string).
      resp.setHeader = (name: string, value: string | string[]) => {
        if (typeof value !== 'string') throw new TypeError('headerValue must be a string')
        setHeader(name, value)
      }
      await entry(req, resp, fc.fcContext({ logger }))
      expect(resp.recorded).toEqual({ statusCode: 201, headers: { 'content-type': 'text/plain', 'x-multi': 'a, b', 'set-cookie': 'a=1' }, body: Buffer.from('made'), sends: 1 })
    }
    expect(loggers.map((l) => l.lines)).toEqual([[expect.stringMatching(/^warn faasport: 2 Set-Cookie headers but .*refused a list.*only the first was sent/)], []])
  })

  it('a resp that refuses one header or the status code still gets every other header and send, with one error logged', async () => {
    const { lines, logger } = recordingLogger()
    const { req, resp } = fc.httpV2({ path: '/' })
    const setHeader = resp.setHeader.bind(resp)
    resp.setHeader = (name: string, value: string | string[]) => {
      if (name === 'x-bad' || name === 'set-cookie') throw new Error(`refused ${name}`)
      setHeader(name, value)
    }
    resp.setStatusCode = () => {
      throw new Error('refused the status')
    }
    await handle(() => ({ statusCode: 202, headers: { 'x-bad': 'v', 'x-good': 'yes' }, cookies: ['only=1'], body: 'sent' }))(req, resp, fc.fcContext({ logger }))
    expect([resp.recorded.sends, resp.recorded.headers, resp.recorded.body!.toString()]).toEqual([1, { 'x-good': 'yes' }, 'sent'])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^error faasport: the FC response object refused the status code, x-bad, set-cookie; the answer goes out without them refused the status/)
  })

  it('warns once when HTML goes out on FC 2.0’s default *.fc.aliyuncs.com domain (the Host header), not on a custom one', async () => {
    const html = handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<p>hi</p>' }))
    const { lines, logger } = recordingLogger()
    const custom = fc.httpV2({ headers: { host: 'shop.example.com' } })
    await html(custom.req, custom.resp, fc.fcContext({ logger }))
    expect(lines).toEqual([])
    const byDefault = fc.httpV2()
    await html(byDefault.req, byDefault.resp, fc.fcContext({ logger }))
    expect(lines).toEqual([expect.stringContaining('default domain 1234567890123456.cn-hangzhou.fc.aliyuncs.com makes browsers download HTML')])
    expect(byDefault.resp.recorded.sends).toBe(1)
  })

  it('a resp whose send throws is logged and never crashes or rejects', async () => {
    const error = vi.fn()
    const { req, resp } = fc.httpV2({ path: '/' })
    resp.send = () => {
      throw new Error('connection reset')
    }
    const entry = handle(() => 'x', { logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error } })
    await expect(entry(req, resp, ctx())).resolves.toBeUndefined()
    expect(error).toHaveBeenCalledWith('faasport: the FC response object refused the answer', expect.any(Error))
  })

  it('the invocation comes from the third argument', async () => {
    const { req, resp } = fc.httpV2()
    const context = fc.fcContext({ functionName: 'fc2-func', serviceName: 'my-service' })
    let inv: Invocation | undefined
    await handle((_r, i) => {
      inv = i
      return ''
    })(req, resp, context)
    expect([inv!.provider, inv!.trigger, inv!.functionName, inv!.namespace, inv!.requestId]).toEqual(['aliyun', 'http-v2', 'fc2-func', 'my-service', context.requestId])
  })
})

describe('the FC context', () => {
  it('maps to the invocation: ids, memory, timeout deadline, region, account, service, qualifier, logger', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const context = fc.fcContext({ functionName: 'orders', memory: 1024, timeoutMs: 60_000, region: 'cn-shanghai', serviceName: 'shop', qualifier: 'prod', logger })
    let inv: Invocation | undefined
    const started = Date.now()
    await handle((_r, i) => {
      inv = i
      return ''
    })(fc.httpV3(), context)
    expect({ id: inv!.requestId, fn: inv!.functionName, mem: inv!.memoryLimitMB, region: inv!.region, account: inv!.accountId, ns: inv!.namespace, version: inv!.functionVersion }).toEqual({
      id: context.requestId,
      fn: 'orders',
      mem: 1024,
      region: 'cn-shanghai',
      account: '1234567890123456',
      ns: 'shop',
      version: 'prod',
    })
    expect(inv!.deadline - started).toBeGreaterThan(59_000)
    expect(inv!.deadline - started).toBeLessThanOrEqual(60_050)
    expect(inv!.logger).toBe(logger)
  })

  it('reads an FC 3.0 context: no service name, a logger without methods, STS credentials kept out of requests and logs', async () => {
    const context = JSON.parse(own('context.fc3.json').toString())
    const { lines, logger } = recordingLogger()
    vi.spyOn(console, 'error').mockImplementation(logger.error)
    vi.spyOn(console, 'warn').mockImplementation(logger.warn)
    let inv: Invocation | undefined
    let seen = ''
    const entry = handle((req, i) => {
      inv = i
      seen = JSON.stringify({ headers: req.headers, query: req.query, body: req.text() })
      throw new Error('the handler failed')
    })
    const res = decodePlatformResult('aliyun/http-v3', await entry(own('http-v3.escaped-path.json'), context))
    expect(res.status).toBe(500)
    expect([inv!.requestId, inv!.functionName, inv!.memoryLimitMB, inv!.namespace, inv!.functionVersion, inv!.region, inv!.accountId]).toEqual([
      '1-6650a1b2-0c3d5e7f-9a8b7c6d5e4f',
      'files-api',
      2048,
      undefined,
      'prod',
      'cn-hangzhou',
      '1122334455667788',
    ])
    // FC 3.0's logger object has no methods: faasport logs to the console instead.
    expect(inv!.logger).toBe(console)
    expect(inv!.remainingTimeMs()).toBeGreaterThan(119_000)
    expect(lines).toEqual([expect.stringContaining('faasport: the handler failed')])
    for (const secret of Object.values(context.credentials as Record<string, string>)) {
      expect(seen).not.toContain(secret)
      expect(res.text()).not.toContain(secret)
      expect(lines.join('\n')).not.toContain(secret)
    }
  })

  it.skipIf(!present)('reads the real-world FC 3.0 context (no service name, a logger without methods)', async () => {
    const context = JSON.parse(fixture('fc-context.real-world.json').toString())
    let inv: Invocation | undefined
    await handle((_r, i) => {
      inv = i
      return ''
    })(fc.httpV3(), context)
    expect([inv!.requestId, inv!.functionName, inv!.memoryLimitMB, inv!.namespace, inv!.functionVersion, inv!.logger]).toEqual([
      '1-1234678-12345678-123456789012',
      'hono-alibaba-cloud-fc3',
      1024,
      undefined,
      'LATEST',
      console,
    ])
    expect(inv!.remainingTimeMs()).toBeGreaterThan(299_000)
  })

  it('never copies the STS credentials into what the app sees', async () => {
    const context = fc.fcContext()
    const everything = serve((req: IncomingMessage, res: ServerResponse) => res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders, url: req.url })))
    const res = decodePlatformResult('aliyun/http-v3', await everything(fc.httpV3({ path: '/echo' }), context))
    const credentials = context.credentials as Record<string, string>
    expect(Object.keys(credentials)).toEqual(['accessKeyId', 'accessKeySecret', 'securityToken'])
    for (const secret of Object.values(credentials)) expect(res.text()).not.toContain(secret)
    expect(res.json().headers.host).toContain('.fcapp.run')
  })
})

describe('FC custom runtimes and web functions (listen())', () => {
  // The common request headers as FC sends them to a web function (FC 3.0: empty service name and version id).
  const fcHeaders = {
    'x-fc-request-id': '1-6650b3c4-1d2e3f4a-5b6c7d8e9f0a',
    'x-fc-function-name': 'files-web',
    'x-fc-function-memory': '1024',
    'x-fc-function-timeout': '30',
    'x-fc-function-handler': 'index.handler',
    'x-fc-qualifier': 'LATEST',
    'x-fc-version-id': '',
    'x-fc-service-name': '',
    'x-fc-region': 'cn-hangzhou',
    'x-fc-account-id': '1122334455667788',
    'x-fc-access-key-id': 'STS.NWebFunctionKeyId00000',
    'x-fc-access-key-secret': 'WebFunctionSecretNeverLogged000000000000',
    'x-fc-security-token': 'CAISWebFunctionTokenNeverLogged0000000000',
  }

  it('reads the invocation from FC’s documented headers; empty values count as absent', () => {
    expect(describeFcWebRequest(fcHeaders)).toEqual({
      requestId: '1-6650b3c4-1d2e3f4a-5b6c7d8e9f0a',
      functionName: 'files-web',
      functionVersion: 'LATEST',
      namespace: undefined,
      memoryLimitMB: 1024,
      region: 'cn-hangzhou',
      accountId: '1122334455667788',
      timeoutMs: 30_000,
    })
    // Without the (undocumented) timeout header there is no deadline to compute, and a version id stands in for a missing qualifier.
    const { 'x-fc-function-timeout': _t, 'x-fc-qualifier': _q, ...fewer } = fcHeaders
    expect(describeFcWebRequest({ ...fewer, 'x-fc-version-id': '3', 'x-fc-service-name': 'shop' })).toMatchObject({ timeoutMs: undefined, functionVersion: '3', namespace: 'shop' })
    expect(describeFcWebRequest({ 'x-fc-request-id': '' })).toBeUndefined()
  })

  it('hands the app the STS credential headers, and never logs them', async () => {
    const { lines, logger } = recordingLogger()
    const server = await listen(
      handle(
        (req, inv) => {
          if (req.path === '/boom') throw new Error('failed while holding credentials')
          return { secret: req.header('x-fc-access-key-secret') ?? null, requestId: inv.requestId, functionName: inv.functionName ?? null }
        },
        { logger },
      ),
      { port: 0, host: '127.0.0.1', handleSignals: false, logger },
    )
    try {
      const ok = (await (await fetch(`${server.url}/`, { headers: fcHeaders })).json()) as Record<string, unknown>
      expect(ok).toEqual({ secret: fcHeaders['x-fc-access-key-secret'], requestId: fcHeaders['x-fc-request-id'], functionName: 'files-web' })
      const failed = await fetch(`${server.url}/boom`, { headers: fcHeaders })
      expect(failed.status).toBe(500)
    } finally {
      await server.close()
    }
    expect(lines.some((line) => line.includes('failed while holding credentials'))).toBe(true)
    for (const name of ['x-fc-access-key-id', 'x-fc-access-key-secret', 'x-fc-security-token'] as const) expect(lines.join('\n')).not.toContain(fcHeaders[name])
  })
})

describe('bad FC input', () => {
  const readAll = handle((req) => ({ h: req.headers, q: req.query, b: req.body?.length ?? null }))

  async function expect400(event: unknown, mention: string) {
    quiet()
    const res = decodePlatformResult('aliyun/http-v3', await readAll(event, ctx()))
    expect(res.status).toBe(400)
    expect(res.json().message).toContain(mention)
  }

  it('a Buffer that is not JSON is an UnsupportedEventError naming its size', async () => {
    const error = await readAll(Buffer.from('GET / HTTP/1.1\r\n'), ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedEventError)
    expect((error as Error).message).toContain('16 bytes that are not JSON')
  })

  it('an event without requestContext.http', async () => {
    const event = fc.httpV3Event()
    delete (event.requestContext as Partial<typeof event.requestContext>).http
    await expect400(Buffer.from(JSON.stringify(event)), 'requestContext.http is missing')
  })

  it('a rawPath with invalid percent-encoding', async () => {
    await expect400(Buffer.from(JSON.stringify({ ...fc.httpV3Event(), rawPath: '/bad%zzpath' })), 'rawPath has invalid percent-encoding')
  })

  it('isBase64Encoded as a string: "true" decodes, anything else is a 400', async () => {
    const ok = decodePlatformResult('aliyun/http-v3', await readAll(Buffer.from(JSON.stringify({ ...fc.httpV3Event({ method: 'POST' }), body: 'AQID', isBase64Encoded: 'true' })), ctx()))
    expect(ok.json().b).toBe(3)
    await expect400(Buffer.from(JSON.stringify({ ...fc.httpV3Event({ method: 'POST' }), body: 'AQID', isBase64Encoded: 'yes' })), 'isBase64Encoded must be true or false')
    await expect400(Buffer.from(JSON.stringify({ ...fc.httpV3Event({ method: 'POST' }), body: '!!', isBase64Encoded: true })), 'not valid base64')
  })

  it('an API Gateway event with placeholder values is a 400, not a crash', async () => {
    quiet()
    const placeholder = Buffer.from(JSON.stringify({ path: '/', httpMethod: 'the method', headers: {}, queryParameters: {}, pathParameters: {}, body: '', isBase64Encoded: 'false' }))
    const res = decodePlatformResult('aliyun/apigw', await readAll(placeholder, ctx()))
    expect(res.status).toBe(400)
    expect(res.json().message).toBe('Invalid aliyun/apigw event: httpMethod is not an HTTP method: "the method"')
  })

  it.skipIf(!present)('the documented API Gateway template with its placeholder values is a 400, not a crash', async () => {
    quiet()
    const res = decodePlatformResult('aliyun/apigw', await readAll(fixture('fc-apigw.json'), ctx()))
    expect(res.status).toBe(400)
    expect(res.json().message).toContain('httpMethod is not an HTTP method')
  })
})

describe('initializer', () => {
  it('runs init work as FC’s initialize handler, async or with a callback called once', async () => {
    const seen: unknown[] = []
    const init = initializer(async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      seen.push(context)
    })
    expect(init.length).toBeLessThanOrEqual(1)
    await init({ requestId: 'a' })
    const callback = vi.fn()
    await (init as (c: unknown, cb: unknown) => Promise<void>)({ requestId: 'b' }, callback)
    expect(seen).toEqual([{ requestId: 'a' }, { requestId: 'b' }])
    expect(callback).toHaveBeenCalledExactlyOnceWith(null, '')
  })

  it('reports a failing init through the callback or the promise', async () => {
    const failing = initializer(() => {
      throw new Error('no database')
    })
    await expect(failing({})).rejects.toThrow('no database')
    const callback = vi.fn()
    await (failing as (c: unknown, cb: unknown) => Promise<void>)({}, callback)
    expect(callback.mock.calls[0]![0]).toBeInstanceOf(Error)
  })
})

describe('detection', () => {
  it('the FC provider lists its triggers in detection order', () => {
    expect(fcProvider.adapters.map((a) => a.trigger)).toEqual(['http-v3', 'http-v2', 'apigw'])
  })
})
