import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import express from 'express'
import Koa from 'koa'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { AppNotSupportedError, serve, type FetchEnv } from '../../src/index.js'
import { createKoa2 } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

const v2 = (init: Parameters<typeof aws.apiGatewayV2>[0] = {}) => aws.apiGatewayV2(init)
const ctx = () => aws.lambdaContext()

async function call(entry: ReturnType<typeof serve>, init?: Parameters<typeof aws.apiGatewayV2>[0]) {
  return decodePlatformResult('aws/apigw-v2', await entry(v2(init), ctx()))
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('what serve() accepts', () => {
  it('a promise of an app, started at once; early invocations wait for it', async () => {
    let started = 0
    const app = new Promise<(req: IncomingMessage, res: ServerResponse) => void>((resolve) => {
      started++
      setTimeout(() => resolve((_req, res) => res.end('ready')), 30)
    })
    const entry = serve(app)
    expect(started).toBe(1)
    const results = await Promise.all([call(entry), call(entry), call(entry)])
    expect(results.map((r) => r.text())).toEqual(['ready', 'ready', 'ready'])
  })

  it('a promise that rejects: every invocation is a 500 naming nothing, and nothing crashes', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const entry = serve(Promise.reject(new Error('cannot connect to the database')))
    await new Promise((resolve) => setTimeout(resolve, 5))
    const res = await call(entry)
    expect(res.status).toBe(500)
    expect(res.text()).not.toContain('database')
    expect(error).toHaveBeenCalled()
  })

  it('an http.Server: its request listener is served', async () => {
    const server = createServer((req, res) => res.end(`server saw ${req.url}`))
    expect((await call(serve(server), { path: '/x?y=1' })).text()).toBe('server saw /x?y=1')
  })

  it('a fetch function of one parameter, and any function with kind: "fetch"', async () => {
    expect((await call(serve((req: Request) => new Response(`fetch ${new URL(req.url).pathname}`)), { path: '/f' })).text()).toBe('fetch /f')
    const wrapped = (...args: unknown[]) => new Response(`args ${args.length}`)
    expect((await call(serve(wrapped as never, { kind: 'fetch' }))).text()).toBe('args 3')
  })

  it('Koa 2 as well as Koa 3', async () => {
    const res = await call(serve(createKoa2()), { method: 'POST', path: '/echo?x=1', body: { a: 1 } })
    expect(res.json()).toMatchObject({ body: { a: 1 }, query: { x: '1' } })
  })

  it('a plain (request, invocation) handler run as a listener: a 500 whose log says to use handle(), never a hang', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    for (const handler of [(_req: unknown, _inv: unknown) => ({ hello: 'world' }), async (_req: unknown, _inv: unknown) => 'hello']) {
      logger.error.mockClear()
      const res = await call(serve(handler as never, { logger }))
      expect(res.status).toBe(500)
      const [, error] = logger.error.mock.calls[0]! as [string, AppNotSupportedError]
      expect(error).toBeInstanceOf(AppNotSupportedError)
      expect(error.message).toMatch(/returned (an object with keys: hello|a string) without answering through res\. Wrap a plain \(request, invocation\) handler in handle\(\)/)
    }
  })

  it('listeners that return something and answer are left alone: res itself, a timer, a promise of a value after answering', async () => {
    expect((await call(serve((_req: IncomingMessage, res: ServerResponse) => res.end('returned res')))).text()).toBe('returned res')
    expect((await call(serve((_req: IncomingMessage, res: ServerResponse) => setTimeout(() => res.end('later'), 5)))).text()).toBe('later')
    const answersThenResolves = async (_req: IncomingMessage, res: ServerResponse) => {
      res.end('answered')
      return { done: true }
    }
    expect((await call(serve(answersThenResolves))).text()).toBe('answered')
  })

  it('throws AppNotSupportedError at init for anything else', () => {
    expect(() => serve({ notAnApp: true } as never)).toThrow(AppNotSupportedError)
    expect(() => serve(42 as never)).toThrow(/got number/)
  })
})

describe('what a Node listener writes', () => {
  it('writeHead with an object or a raw array, no setHeader', async () => {
    const obj = await call(serve((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(201, { 'Content-Type': 'text/plain', 'X-A': ['1', '2'], 'Set-Cookie': ['a=1', 'b=2'] })
      res.end('made')
    }))
    expect([obj.status, obj.headers['content-type'], obj.headers['x-a'], obj.cookies]).toEqual([201, ['text/plain'], ['1, 2'], ['a=1', 'b=2']])
    const raw = await call(serve((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, ['Content-Type', 'text/plain', 'X-B', 'x'])
      res.end('raw')
    }))
    expect([raw.headers['x-b'], raw.text()]).toEqual([['x'], 'raw'])
  })

  it('an explicit Transfer-Encoding: chunked body is de-chunked', async () => {
    const res = await call(serve((_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('transfer-encoding', 'chunked')
      res.setHeader('content-type', 'text/plain')
      res.write('hello ')
      res.write(Buffer.from('chunked '))
      res.end('world')
    }))
    expect(res.text()).toBe('hello chunked world')
    expect(res.headers['transfer-encoding']).toBeUndefined()
  })

  it('informational responses (103 Early Hints) are not mistaken for the body', async () => {
    const res = await call(serve((_req: IncomingMessage, res: ServerResponse) => {
      res.writeEarlyHints({ link: '</app.css>; rel=preload' })
      res.setHeader('content-type', 'text/plain')
      res.end('final')
    }))
    expect([res.status, res.text()]).toEqual([200, 'final'])
  })

  it('a middleware that wraps write/end (like compression) is captured through its wrapper', async () => {
    const { gzipSync, gunzipSync } = await import('node:zlib')
    const app = express()
    app.use((_req, res, next) => {
      const originalWrite = res.write.bind(res)
      const originalEnd = res.end.bind(res)
      const chunks: Buffer[] = []
      res.write = ((chunk: Buffer | string) => {
        chunks.push(Buffer.from(chunk))
        return true
      }) as typeof res.write
      res.end = ((chunk?: Buffer | string) => {
        if (chunk) chunks.push(Buffer.from(chunk))
        res.setHeader('content-encoding', 'gzip')
        res.removeHeader('content-length')
        originalWrite(gzipSync(Buffer.concat(chunks)))
        return originalEnd()
      }) as typeof res.end
      next()
    })
    app.get('/big', (_req, res) => res.type('text/plain').send('compress me '.repeat(50)))
    const res = await call(serve(app), { path: '/big' })
    expect(res.isBase64Encoded).toBe(true)
    expect(gunzipSync(res.body).toString()).toBe('compress me '.repeat(50))
  })

  it('bytes without a content type are text when valid UTF-8, base64 otherwise', async () => {
    const text = await call(serve((_req: IncomingMessage, res: ServerResponse) => res.end(Buffer.from('héllo'))))
    const bytes = await call(serve((_req: IncomingMessage, res: ServerResponse) => res.end(Buffer.from([0xff, 0x00]))))
    expect([text.isBase64Encoded, text.text()]).toEqual([false, 'héllo'])
    expect([bytes.isBase64Encoded, [...bytes.body]]).toEqual([true, [0xff, 0x00]])
  })

  it('an Express text response in a charset other than UTF-8 goes base64, byte-exact', async () => {
    const app = express()
    app.get('/latin1', (_req, res) => {
      res.set('content-type', 'text/plain; charset=iso-8859-1')
      res.send(Buffer.from([0x63, 0x61, 0x66, 0xe9]))
    })
    app.get('/utf8', (_req, res) => res.type('text/plain').send('café'))
    const latin1 = await call(serve(app), { path: '/latin1' })
    expect([latin1.isBase64Encoded, [...latin1.body]]).toEqual([true, [0x63, 0x61, 0x66, 0xe9]])
    const utf8 = await call(serve(app), { path: '/utf8' })
    expect([utf8.isBase64Encoded, utf8.text()]).toEqual([false, 'café'])
  })

  it('HEAD requests get headers and no body', async () => {
    const app = express()
    app.get('/doc', (_req, res) => res.send('a document'))
    const res = await call(serve(app), { method: 'HEAD', path: '/doc' })
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(0)
    expect(res.headers['content-length']).toEqual(['10'])
  })

  it('req.headers is a plain object, as on a Node server (hasOwnProperty, string conversion)', async () => {
    const res = await call(serve((req: IncomingMessage, res: ServerResponse) => {
      res.end(JSON.stringify({
        own: req.headers.hasOwnProperty('x-key'),
        proto: Object.getPrototypeOf(req.headers) === Object.prototype,
        text: String(req.headers),
        key: req.headers['x-key'],
        polluted: ({} as Record<string, unknown>).polluted ?? null,
      }))
    }), { headers: { 'X-Key': 'k', __proto__: 'x', constructor: 'c' } as never })
    expect(res.json()).toEqual({ own: true, proto: true, text: '[object Object]', key: 'k', polluted: null })
  })

  it('req.headers, req.rawHeaders and req.headersDistinct agree, as on a Node server, framing headers included', async () => {
    const entry = serve((req: IncomingMessage, res: ServerResponse) => {
      res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders, distinct: req.headersDistinct }))
    })
    const event = aws.apiGatewayV1({ method: 'POST', path: '/', body: 'four' })
    event.multiValueHeaders = { 'X-Tag': ['a', 'b'], Host: ['h1', 'h2'], 'Transfer-Encoding': ['chunked'], 'Content-Length': ['999'] }
    const seen = decodePlatformResult('aws/apigw-v1', await entry(event, ctx())).json() as {
      headers: Record<string, unknown>
      raw: string[]
      distinct: Record<string, string[]>
    }
    expect(seen.headers).toMatchObject({ 'x-tag': 'a, b', host: 'h1', 'content-length': '4' })
    expect(seen.headers['transfer-encoding']).toBeUndefined()
    expect(seen.raw).toEqual(expect.arrayContaining(['x-tag', 'a', 'x-tag', 'b', 'host', 'h1', 'host', 'h2', 'content-length', '4']))
    expect(seen.raw).not.toContain('transfer-encoding')
    expect(seen.raw).not.toContain('999')
    expect(seen.distinct).toMatchObject({ 'x-tag': ['a', 'b'], host: ['h1', 'h2'], 'content-length': ['4'] })
    expect(seen.distinct['transfer-encoding']).toBeUndefined()
  })

  it('the response and the request close after the answer, so cleanup on close runs', async () => {
    const events: string[] = []
    const entry = serve((req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => events.push('res.finish'))
      res.on('close', () => events.push('res.close'))
      req.on('close', () => events.push('req.close'))
      res.end('done')
    })
    const res = await call(entry, { method: 'POST', path: '/', body: 'an unread body' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(res.text()).toBe('done')
    expect(events).toEqual(['res.finish', 'res.close', 'req.close'])
  })

  it('writeHead with an invalid header value fails as on Node: a 500, not a broken result', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await call(serve((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'x-bad': 'a\r\nb' })
      res.end('never')
    }))
    expect(res.status).toBe(500)
  })

  it('a response destroyed without an answer is a 502', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await call(serve((_req: IncomingMessage, res: ServerResponse) => res.destroy()))
    expect(res.status).toBe(502)
  })

  it('an async listener that rejects is a 500', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await call(serve(async (_req: IncomingMessage, _res: ServerResponse) => {
      throw new Error('async failure')
    }))
    expect(res.status).toBe(500)
    expect(res.text()).not.toContain('async failure')
  })

  it('a listener or an Express route rejecting with something String() refuses is still a 500, not a hang', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const listener = await call(serve(async (_req: IncomingMessage, _res: ServerResponse) => {
        throw Object.create(null)
      }))
      const app = express()
      app.get('/', () => {
        throw Object.create(null)
      })
      const routed = await call(serve(app))
      expect([listener.status, routed.status]).toEqual([500, 500])
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it("an Express route failing with an upstream SDK's 401 answers 401 without the upstream message", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.get('/', async () => {
      throw Object.assign(new Error('401 Incorrect API key provided: sk-live-123'), { status: 401 })
    })
    const res = await call(serve(app))
    expect([res.status, res.json()]).toEqual([401, { error: 'Unauthorized' }])
  })

  it('a failure after the response started is a 502, not a cut-short 200 (Node cuts the connection), and is logged', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await call(serve(async (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('partial')
      throw new Error('late failure')
    }))
    expect(res.status).toBe(502)
    expect(error).toHaveBeenCalledWith('faasport: the app failed after it started responding', expect.any(Error))
    const app = express()
    app.get('/', (_req, res, next) => {
      res.write('partial')
      next(new Error('late failure'))
    })
    expect((await call(serve(app))).status).toBe(502)
  })

  it('a failure after the response ended keeps the answer the client already has', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = express()
    app.get('/', (_req, res, next) => {
      res.send('done')
      next(new Error('audit log failed'))
    })
    const res = await call(serve(app))
    expect([res.status, res.text()]).toEqual([200, 'done'])
    await new Promise((resolve) => setTimeout(resolve, 10)) // the router passes the error on after a setImmediate
    expect(error).toHaveBeenCalledWith('faasport: the app failed after it started responding', expect.any(Error))
  })

  it('an Express route that answers and then calls next() keeps its answer (no late 404)', async () => {
    const app = express()
    app.get('/c', (_req, res, next) => {
      res.json({ ok: 1 })
      next()
    })
    app.get('/d', (_req, res) => res.send('d'))
    const res = await call(serve(app), { path: '/c' })
    expect([res.status, res.json()]).toEqual([200, { ok: 1 }])
  })

  it('res.destroy(error) or a failed pipeline into res is a 502, and never an uncaught error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const uncaught = vi.fn()
    process.on('uncaughtException', uncaught)
    try {
      const { pipeline, Readable } = await import('node:stream')
      const failing = () => new Readable({ read() { this.destroy(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })) } })
      const piped = await call(serve((_req: IncomingMessage, res: ServerResponse) => pipeline(failing(), res, () => {})))
      const destroyed = await call(serve((_req: IncomingMessage, res: ServerResponse) => res.destroy(new Error('gone'))))
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect([piped.status, destroyed.status]).toEqual([502, 502])
      expect(uncaught).not.toHaveBeenCalled()
    } finally {
      process.off('uncaughtException', uncaught)
    }
  })

  it("an error answer keeps the headers the app set (CORS, Vary, cookies) and the error's own, as Express's finalhandler does", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.use((_req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', 'https://app.example')
      res.vary('Origin')
      res.cookie('seen', '1')
      res.setHeader('Content-Language', 'fr')
      next()
    })
    app.get('/auth', (_req, _res, next) => next(Object.assign(new Error('login required'), { status: 401, expose: true, headers: { 'WWW-Authenticate': 'Basic realm="api"', 'X-Bad': 'a\r\nb' } })))
    app.get('/boom', () => {
      throw Object.assign(new Error('db down'), { headers: { 'Retry-After': '30' } })
    })
    const auth = await call(serve(app), { path: '/auth' })
    expect(auth.status).toBe(401)
    expect(auth.json()).toEqual({ error: 'Unauthorized', message: 'login required' })
    expect(auth.headers['access-control-allow-origin']).toEqual(['https://app.example'])
    expect(auth.headers['vary']).toEqual(['Origin'])
    expect(auth.headers['www-authenticate']).toEqual(['Basic realm="api"'])
    expect(auth.headers['content-type']).toEqual(['application/json; charset=utf-8'])
    expect(auth.headers['content-language']).toBeUndefined()
    expect(auth.headers['x-bad']).toBeUndefined()
    expect(auth.cookies).toEqual(['seen=1; Path=/'])
    const missing = await call(serve(app), { path: '/nowhere' })
    expect([missing.status, missing.headers['access-control-allow-origin']]).toEqual([404, ['https://app.example']])
    vi.spyOn(console, 'error').mockImplementation(() => {})
    // Headers of an error without a 4xx/5xx status of its own are not taken (finalhandler's rule).
    const boom = await call(serve(app), { path: '/boom' })
    expect([boom.status, boom.headers['retry-after']]).toEqual([500, undefined])
  })

  it('the status is the one the head went out with, whatever the app sets afterwards', async () => {
    const res = await call(serve((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200)
      res.statusCode = 500
      res.end('x')
    }))
    expect([res.status, res.text()]).toEqual([200, 'x'])
  })

  it('Express sees the client address, https and the host', async () => {
    const app = express()
    app.get('/who', (req, res) => res.json({ ip: req.ip, protocol: req.protocol, secure: req.secure, host: req.hostname }))
    const res = await call(serve(app), { path: '/who', sourceIp: '198.51.100.9' })
    expect(res.json()).toEqual({ ip: '198.51.100.9', protocol: 'https', secure: true, host: 'r3pmxmplak.execute-api.us-east-1.amazonaws.com' })
  })

  it('Koa sees the client address and https', async () => {
    const app = new Koa()
    app.use((c) => {
      c.body = { ip: c.ip, protocol: c.protocol }
    })
    expect((await call(serve(app), { sourceIp: '198.51.100.9' })).json()).toEqual({ ip: '198.51.100.9', protocol: 'https' })
  })
})

describe('fetch-style apps', () => {
  it('get the request, env with event/context/invocation, and waitUntil work finishes before the answer', async () => {
    let finished = false
    let env: FetchEnv | undefined
    const entry = serve({
      async fetch(request: Request, e: FetchEnv, ctx: { waitUntil(p: Promise<unknown>): void }) {
        env = e
        ctx.waitUntil(new Promise<void>((resolve) => setTimeout(() => {
          finished = true
          resolve()
        }, 20)))
        return new Response(`${request.method} ${await request.text()}`)
      },
    })
    const context = ctx()
    const res = decodePlatformResult('aws/apigw-v2', await entry(v2({ method: 'PUT', body: 'payload' }), context))
    expect(res.text()).toBe('PUT payload')
    expect(finished).toBe(true)
    expect(env!.context).toBe(context)
    expect(env!.invocation.requestId).toBe(context.awsRequestId)
  })

  it('printing or serializing env leaves the platform context (credentials) out', async () => {
    const { inspect } = await import('node:util')
    let env: FetchEnv | undefined
    const entry = serve({
      fetch(_request: Request, e: FetchEnv) {
        env = e
        return new Response('ok')
      },
    })
    const context = { ...ctx(), credentials: { accessKeySecret: 'SECRET-KEY' } }
    await entry(v2(), context)
    expect(env!.context).toBe(context)
    expect(JSON.stringify(env)).not.toContain('SECRET-KEY')
    expect(inspect(env, { depth: 5 })).not.toContain('SECRET-KEY')
    expect(JSON.parse(JSON.stringify(env)).invocation.requestId).toBe(context.awsRequestId)
  })

  it('a header value the Headers class refuses is a 400 naming it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const event = v2()
    event.headers['x-bad'] = 'a\u0000b'
    const res = decodePlatformResult('aws/apigw-v2', await serve({ fetch: () => new Response('never') })(event, ctx()))
    expect(res.status).toBe(400)
    expect(res.json().message).toContain('headers.x-bad')
  })

  it('CONNECT, TRACE and TRACK, which WHATWG Request refuses, are a 400 naming the method, not the Host header', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const entry = serve({ fetch: () => new Response('never') })
    for (const method of ['TRACE', 'CONNECT', 'TRACK']) {
      const res = await call(entry, { method })
      expect(res.status).toBe(400)
      expect(res.json().message).toBe(`Invalid aws/apigw-v2 event: method is ${method}, which a fetch app cannot receive (WHATWG Request forbids CONNECT, TRACE and TRACK)`)
    }
    expect((await call(entry, { method: 'PATCH' })).text()).toBe('never')
  })

  it('a Host header that is not a plain authority cannot change the URL; a valid one is kept', async () => {
    const entry = serve((request: Request) => new Response(request.url))
    const url = async (host: string, path = '/users/1?x=1') => (await call(entry, { path, headers: { host } })).text()
    expect(await url('evil.com/admin?')).toBe('https://localhost/users/1?x=1')
    for (const host of ['a b', 'user@evil.com', 'evil.com#', 'evil.com\\x', '', 'a.com:80:80']) expect(await url(host)).toBe('https://localhost/users/1?x=1')
    expect(await url('api.example.com:8443')).toBe('https://api.example.com:8443/users/1?x=1')
    expect(await url('[2001:db8::1]:8080')).toBe('https://[2001:db8::1]:8080/users/1?x=1')
    expect(await url('my_host.internal')).toBe('https://my_host.internal/users/1?x=1')
  })

  it('a fetch handler that returns something else is a 500', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect((await call(serve({ fetch: () => 'not a response' as never }))).status).toBe(500)
  })
})
