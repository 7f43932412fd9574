import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as fc from '../../adapters/fc/factories.js'
import { fcProvider } from '../../adapters/fc/index.js'
import { handle, initializer, serve, UnsupportedEventError, type Invocation } from '../../src/entries/fc.js'
import { createExpress5, createKoa3 } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

const shared = join(__dirname, '..', '..', '..', 'shared', 'fixtures')
const fixture = (name: string) => readFileSync(join(shared, name))
const ctx = () => fc.fcContext()

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

  it('runs the public capture and the escaped-path sample from the FC documentation', async () => {
    const entry = handle((req) => ({ method: req.method, path: req.path, query: { ...req.query }, body: req.text(), hasBody: req.body !== undefined }))
    if (!existsSync(shared)) return
    const capture = decodePlatformResult('aliyun/http-v3', await entry(fixture('fc-http-trigger-v3.json'), ctx()))
    expect(capture.json()).toEqual({ method: 'POST', path: '/2023-03-30/functions/fc3-event-test-http-trigger-Darwin-x86_64/invocations', query: {}, body: 'haha', hasBody: true })
    const escaped = decodePlatformResult('aliyun/http-v3', await entry(fixture('fc-http-trigger-v3.escaped-path.json'), ctx()))
    // isBase64Encoded: true on an empty GET body means no body, not an error.
    expect(escaped.json()).toEqual({ method: 'GET', path: '/my/path%E4%BD%A0%E5%A5%BD', query: { 你好: '世界' }, body: '', hasBody: false })
  })

  it('sends the first of several Set-Cookie headers and warns once', async () => {
    const warn = vi.fn()
    const logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() }
    const entry = handle(() => ({ statusCode: 200, cookies: ['a=1', 'b=2'], body: '' }), { logger })
    const first = (await entry(fc.httpV3(), ctx())) as { headers: Record<string, string> }
    await entry(fc.httpV3(), ctx())
    expect(first.headers['set-cookie']).toBe('a=1')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toContain('only the first was sent')
  })

  it('warns once that the default *.fcapp.run domain downloads HTML', async () => {
    const warn = vi.fn()
    const entry = handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<p>hi</p>' }), { logger: { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() } })
    await entry(fc.httpV3(), ctx())
    await entry(fc.httpV3(), ctx())
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toContain('bind a custom domain')
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
})

describe('FC 2.0 HTTP functions: (req, resp, context)', () => {
  it('read the body from the req stream and answer through resp, every cookie included', async () => {
    const { req, resp } = fc.httpV2({ method: 'POST', path: '/echo?a=1&a=2', body: { hello: 'fc2' }, headers: { 'x-multi': ['one', 'two'] } })
    const returned = await serve(createKoa3())(req, resp, ctx())
    expect(returned).toBeUndefined()
    const recorded = await resp.sent
    expect(recorded.statusCode).toBe(200)
    expect(JSON.parse(recorded.body!.toString())).toMatchObject({ body: { hello: 'fc2' }, query: { a: ['1', '2'] }, multi: 'one, two' })
    const cookies = fc.httpV2({ path: '/cookies' })
    await serve(createExpress5())(cookies.req, cookies.resp, ctx())
    expect(cookies.resp.recorded.headers['set-cookie']).toHaveLength(2)
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

  it('reads the real-world FC 3.0 context (no service name, a logger without methods)', async () => {
    if (!existsSync(shared)) return
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

  it('the documented API Gateway template with its placeholder values is a 400, not a crash', async () => {
    if (!existsSync(shared)) return
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
