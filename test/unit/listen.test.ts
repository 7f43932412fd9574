import { request, ServerResponse } from 'node:http'
import { connect, createServer } from 'node:net'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as fcEntry from '../../src/entries/fc.js'
import * as lambdaEntry from '../../src/entries/lambda.js'
import * as scfEntry from '../../src/entries/scf.js'
import { getInvocation, handle, listen, on, serve, type ListeningServer, type Logger } from '../../src/index.js'
import { DEFAULT_MAX_BODY_BYTES, resolvePort } from '../../src/runtime/listen-options.js'
import { createExpress5, createKoa3, PNG } from '../helpers/apps.js'

// listen(): the same handler as a real HTTP server, tested with a real HTTP client.

function rawGet(url: string, headers: string[]): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const req = request(url, { headers: ['host', new URL(url).host, ...headers] }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolveBody(Buffer.concat(chunks).toString()))
    })
    req.on('error', reject)
    req.end()
  })
}

const servers: ListeningServer[] = []
async function start(target: Parameters<typeof listen>[0], options: Parameters<typeof listen>[1] = {}) {
  const server = await listen(target, { port: 0, host: '127.0.0.1', handleSignals: false, ...options })
  servers.push(server)
  return server
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

describe('listen()', () => {
  let plain: ListeningServer
  beforeAll(async () => {
    plain = await start(
      handle((req, inv) => {
        if (req.path === '/bytes') return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: req.body ?? new Uint8Array() }
        if (req.path === '/cookies') return { statusCode: 200, cookies: ['a=1; Path=/', 'b=2; Path=/'], body: 'ok' }
        if (req.path === '/boom') throw new Error('secret detail')
        return { provider: inv.provider, trigger: inv.trigger, requestId: inv.requestId, functionName: inv.functionName ?? null, repeat: req.headers['x-repeat'] ?? null, query: req.query }
      }),
    )
  })

  it('runs a plain handler: binary bodies byte for byte, every cookie, repeated headers kept apart', async () => {
    const bytes = await fetch(`${plain.url}/bytes`, { method: 'POST', body: PNG })
    expect(Buffer.from(await bytes.arrayBuffer()).equals(PNG)).toBe(true)
    const cookies = await fetch(`${plain.url}/cookies`)
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    // fetch joins repeated headers; a raw request sends them as separate lines.
    const echo = JSON.parse(await rawGet(`${plain.url}/echo?q=1&q=2`, ['x-repeat', 'one', 'x-repeat', 'two'])) as Record<string, unknown>
    expect(echo).toMatchObject({ repeat: ['one', 'two'], query: { q: ['1', '2'] } })
  })

  it('takes the invocation from the platform’s request headers', async () => {
    const scf = (await (await fetch(`${plain.url}/`, { headers: { 'x-scf-request-id': 'scf-req-1' } })).json()) as Record<string, unknown>
    expect(scf).toMatchObject({ provider: 'tencent', trigger: 'web-function', requestId: 'scf-req-1' })
    const fcRequest = (await (await fetch(`${plain.url}/`, { headers: { 'x-fc-request-id': 'fc-req-1', 'x-fc-function-name': 'my-fc' } })).json()) as Record<string, unknown>
    expect(fcRequest).toMatchObject({ provider: 'aliyun', requestId: 'fc-req-1', functionName: 'my-fc' })
    const elsewhere = (await (await fetch(`${plain.url}/`)).json()) as Record<string, unknown>
    expect(elsewhere.provider).toBe('web')
    expect(elsewhere.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers a throwing handler with a 500 that does not leak the error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await fetch(`${plain.url}/boom`)
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('secret detail')
    vi.restoreAllMocks()
  })

  it.each([
    ['an Express app', () => createExpress5()],
    ['a Koa app', () => createKoa3()],
    ['a serve() entry', () => serve(createExpress5())],
  ])('runs %s with the real request and response', async (_name, make) => {
    const server = await start(make() as never)
    const res = await fetch(`${server.url}/echo?x=1`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json', cookie: 'c=1' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ body: { a: 1 }, query: { x: '1' }, cookie: 'c=1' })
    const png = await fetch(`${server.url}/png`)
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true)
    expect((await fetch(`${server.url}/cookies`)).headers.getSetCookie()).toHaveLength(2)
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404)
  })

  it('answers a plain (request, invocation) handler given without handle() with a 500, not a request that never ends', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const server = await start(((_req: unknown, _inv: unknown) => ({ hello: 'world' })) as never, { logger })
    const res = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(5000) })
    expect(res.status).toBe(500)
    expect(String((logger.error.mock.calls[0] as unknown[])[1])).toContain('listen() ran this function as a Node (req, res) listener')
  })

  it('an Express app that answers and calls next() keeps its answer; one that fails mid-answer has its connection cut', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const app = express()
    app.get('/then-next', (_req, res, next) => {
      res.json({ ok: 1 })
      next()
    })
    app.get('/cut', (_req, res, next) => {
      res.write('partial')
      next(new Error('late failure'))
    })
    app.get('/other', (_req, res) => res.send('other'))
    const server = await start(serve(app), { logger })
    const answered = await fetch(`${server.url}/then-next`, { signal: AbortSignal.timeout(5000) })
    expect([answered.status, await answered.json()]).toEqual([200, { ok: 1 }])
    // The client sees a failed exchange (before or during the body), never a whole 200.
    const cut = await fetch(`${server.url}/cut`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).then(() => 'whole', () => 'cut')
    expect(cut).toBe('cut')
    expect(logger.error).toHaveBeenCalledWith('faasport: the app failed after it started responding', expect.any(Error))
  })

  it('runs a fetch app, with getInvocation() inside it', async () => {
    const app = new Hono()
    app.get('/who', (c) => c.json({ id: getInvocation()?.requestId, ua: c.req.header('user-agent') }))
    const server = await start(app)
    const body = (await (await fetch(`${server.url}/who`, { headers: { 'x-scf-request-id': 'from-scf', 'user-agent': 'test' } })).json()) as Record<string, unknown>
    expect(body).toEqual({ id: 'from-scf', ua: 'test' })
  })
})

function recordingLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger
}

const quietLogger = () => ({ debug() {}, info() {}, warn() {}, error() {} }) satisfies Logger

describe('listen() from every entry point', () => {
  it.each([
    ['faasport', { handle, listen }],
    ['faasport/lambda', lambdaEntry],
    ['faasport/fc', fcEntry],
    ['faasport/scf', scfEntry],
  ] as const)('%s reads x-scf-request-id, x-fc-request-id, else generates an id', async (_name, entry) => {
    const server = await entry.listen(
      entry.handle((_req, inv) => ({ provider: inv.provider, requestId: inv.requestId, functionName: inv.functionName ?? null })),
      { port: 0, host: '127.0.0.1', handleSignals: false },
    )
    servers.push(server)
    const ask = async (headers: Record<string, string>) => (await (await fetch(`${server.url}/`, { headers })).json()) as Record<string, unknown>
    expect(await ask({ 'x-scf-request-id': 'scf-1' })).toMatchObject({ provider: 'tencent', requestId: 'scf-1' })
    expect(await ask({ 'x-fc-request-id': 'fc-1', 'x-fc-function-name': 'orders' })).toEqual({ provider: 'aliyun', requestId: 'fc-1', functionName: 'orders' })
    const generated = await ask({})
    expect(generated.provider).toBe('web')
    expect(generated.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('listen() of an on() entry', () => {
  it('serves its http route, a handler or an app', async () => {
    const plainRoute = await start(on({ http: (req) => ({ path: req.path }), timer: () => {} }), { basePath: '/api' })
    expect(await (await fetch(`${plainRoute.url}/api/x`)).json()).toEqual({ path: '/x' })
    const appRoute = await start(on({ http: serve(createExpress5()), queue: () => {} }))
    expect(await (await fetch(`${appRoute.url}/echo?x=1`)).json()).toMatchObject({ query: { x: '1' } })
  })

  it('without an http route is a clear error, not a server that answers 500', async () => {
    await expect(listen(on({ timer: () => {} }), { port: 0, handleSignals: false })).rejects.toThrow(
      'faasport: listen() got an on() entry without an http route: give it one, on({ http: handler, ... })',
    )
  })
})

describe('listen() options over an entry’s', () => {
  const handler = (req: { path: string }) => {
    if (req.path === '/boom') throw new Error('secret detail')
    return { path: req.path }
  }
  const get = async (server: ListeningServer, path: string) => {
    const res = await fetch(`${server.url}${path}`)
    return [res.status, await res.text()] as const
  }

  it('options given to listen() override the entry’s (basePath, debug)', async () => {
    const server = await start(handle(handler, { basePath: '/v1' }), { basePath: '/api', debug: true, logger: quietLogger() })
    expect(await get(server, '/api/users')).toEqual([200, '{"path":"/users"}'])
    const [status, body] = await get(server, '/api/boom')
    expect(status).toBe(500)
    expect(JSON.parse(body)).toMatchObject({ error: 'Internal Server Error', message: 'secret detail' })
  })

  it('the entry’s own options stay where listen() gives none, and an explicit false wins', async () => {
    const kept = await start(handle(handler, { basePath: '/v1', debug: true, logger: quietLogger() }))
    expect(await get(kept, '/v1/users')).toEqual([200, '{"path":"/users"}'])
    expect(JSON.parse((await get(kept, '/v1/boom'))[1]).message).toBe('secret detail')
    const overridden = await start(handle(handler, { debug: true, logger: quietLogger() }), { debug: false })
    expect(JSON.parse((await get(overridden, '/boom'))[1])).toEqual({ error: 'Internal Server Error' })
  })

  it('applies to a serve() entry too', async () => {
    const server = await start(serve(createExpress5()), { debug: true, logger: quietLogger() })
    const [status, body] = await get(server, '/boom')
    expect(status).toBe(500)
    expect(JSON.parse(body).message).toBe('secret failure detail')
  })
})

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolvePort(port))
    })
  })
}

describe('the port', () => {
  async function withPort<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
    const previous = process.env.PORT
    if (value === undefined) delete process.env.PORT
    else process.env.PORT = value
    try {
      return await run()
    } finally {
      if (previous === undefined) delete process.env.PORT
      else process.env.PORT = previous
    }
  }

  it('comes from PORT, on 0.0.0.0 by default', async () => {
    const port = await freePort()
    const server = await withPort(String(port), () => listen(handle(() => 'x'), { handleSignals: false }))
    servers.push(server)
    expect([server.port, server.host, server.url]).toEqual([port, '0.0.0.0', `http://127.0.0.1:${port}`])
    expect(await (await fetch(server.url)).text()).toBe('x')
  })

  it('is 9000 without PORT, and the port option wins over PORT', () => {
    expect(resolvePort(undefined, undefined)).toBe(9000)
    expect(resolvePort(8080, '3000')).toBe(8080)
    expect(resolvePort(undefined, '3000')).toBe(3000)
  })

  it('is 8000 on FunctionGraph, whose HTTP functions must listen there, unless PORT or the option says otherwise', async () => {
    const { huaweiWebProvider } = await import('../../adapters/huawei/web-request.js')
    // The reserved variables every function's environment has ("Configuring Environment Variables", FunctionGraph).
    const functionGraph = { RUNTIME_FUNC_NAME: 'orders', RUNTIME_PROJECT_ID: '0123456789abcdef' }
    expect(huaweiWebProvider.webPort!(functionGraph)).toBe(8000)
    expect(huaweiWebProvider.webPort!({ RUNTIME_FUNC_NAME: 'orders' })).toBeUndefined()
    expect(resolvePort(undefined, undefined, 8000)).toBe(8000)
    expect(resolvePort(undefined, '3000', 8000)).toBe(3000)
    expect(resolvePort(0, undefined, 8000)).toBe(0)
    vi.stubEnv('RUNTIME_FUNC_NAME', functionGraph.RUNTIME_FUNC_NAME)
    vi.stubEnv('RUNTIME_PROJECT_ID', functionGraph.RUNTIME_PROJECT_ID)
    try {
      await withPort(undefined, async () => {
        // listen() itself picks 8000 there: it serves on it, or (should another test hold it) fails naming it.
        const outcome = await listen(handle(() => 'x'), { handleSignals: false, host: '127.0.0.1' }).then(
          async (server) => {
            await server.close()
            return server.port
          },
          (error: Error) => error.message,
        )
        expect(String(outcome)).toContain('8000')
      })
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it.each(['abc', '8080x', '', ' ', '70000', '-1', '1.5', '0x50'])('PORT=%j is an error that names PORT', async (value) => {
    await withPort(value, () =>
      expect(listen(handle(() => 'x'), { handleSignals: false })).rejects.toThrow(`faasport: listen() needs a port from 0 to 65535, but PORT is ${JSON.stringify(value)}`),
    )
  })

  it.each([-1, 1.5, 65536, Number.NaN, 'eighty' as never])('port: %j is an error that names the option', async (port) => {
    await expect(listen(handle(() => 'x'), { port, handleSignals: false })).rejects.toThrow(/but the port option is/)
  })

  it('an IPv6 host gives a bracketed url', async () => {
    const server = await start(handle(() => 'six'), { host: '::1' })
    expect(server.url).toBe(`http://[::1]:${server.port}`)
    expect(await (await fetch(server.url)).text()).toBe('six')
  })
})

/** Sends `head` (and `body`) on a raw connection; resolves with everything received once the server closes it. */
function rawExchange(port: number, head: string, body?: Buffer): Promise<string> {
  return new Promise((resolveText, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('error', () => resolveText(text))
    socket.on('close', () => resolveText(text))
    socket.write(head)
    if (body) socket.write(body)
    setTimeout(() => reject(new Error(`no close; got ${text}`)), 5000).unref()
  })
}

describe('request targets', () => {
  it.each([
    ['http://example.com/a/b?x=1', { path: '/a/b', query: { x: '1' } }],
    ['http://example.com?x=1', { path: '/', query: { x: '1' } }],
    ['https://example.com', { path: '/', query: {} }],
  ])('reads the absolute form %s (RFC 9112: servers must accept it) as its path and query', async (target, expected) => {
    const server = await start(handle((req) => ({ path: req.path, query: { ...req.query } })))
    const text = await rawExchange(server.port, `GET ${target} HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n`)
    expect(JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1))).toEqual(expected)
  })
})

describe('request bodies: maxBodyBytes', () => {
  let calls = 0
  let limited: ListeningServer
  beforeAll(async () => {
    limited = await start(
      handle((req) => {
        calls++
        return { length: req.body?.length ?? 0 }
      }),
      { maxBodyBytes: 1024, logger: quietLogger() },
    )
  })

  it('defaults to 6 MiB, the event functions’ payload limit', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(6 * 1024 * 1024)
    const server = await start(handle((req) => ({ length: req.body?.length ?? 0 })), { logger: quietLogger() })
    const atLimit = await fetch(server.url, { method: 'POST', body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES) })
    expect(await atLimit.json()).toEqual({ length: DEFAULT_MAX_BODY_BYTES })
    expect((await fetch(server.url, { method: 'POST', body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1) })).status).toBe(413)
  })

  it('accepts a body of exactly the limit', async () => {
    const res = await fetch(limited.url, { method: 'POST', body: Buffer.alloc(1024, 1) })
    expect([res.status, await res.json()]).toEqual([200, { length: 1024 }])
  })

  it('answers a declared content-length over the limit with a 413, without running the handler', async () => {
    const before = calls
    const res = await fetch(limited.url, { method: 'POST', body: Buffer.alloc(1025) })
    expect(res.status).toBe(413)
    expect(res.headers.get('connection')).toBe('close')
    expect(await res.json()).toEqual({ error: 'Payload Too Large', message: 'the request body is larger than 1024 bytes (maxBodyBytes)' })
    expect(calls).toBe(before)
  })

  it('counts a chunked body while it arrives', async () => {
    const before = calls
    const chunk = (data: Buffer) => `${data.length.toString(16)}\r\n${data.toString('latin1')}\r\n`
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
    const text = await rawExchange(limited.port, head + chunk(Buffer.alloc(600, 97)) + chunk(Buffer.alloc(600, 97)) + '0\r\n\r\n')
    expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(text).toContain('maxBodyBytes')
    expect(calls).toBe(before)
  })

  it('refuses a client waiting for 100 Continue before it sends the body', async () => {
    const text = await rawExchange(limited.port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n')
    expect(text).not.toContain('100 Continue')
    expect(text).toMatch(/^HTTP\/1\.1 413 /)
    const ok = await rawExchange(limited.port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n', Buffer.from('hi'))
    expect(ok).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/)
    expect(ok).toContain('{"length":2}')
  })

  it('guards a Node app by its declared content-length', async () => {
    const server = await start(createExpress5(), { maxBodyBytes: 1024, logger: quietLogger() })
    const res = await fetch(`${server.url}/upload`, { method: 'POST', body: Buffer.alloc(2048) })
    expect(res.status).toBe(413)
    const small = await fetch(`${server.url}/upload`, { method: 'POST', body: Buffer.alloc(10, 7) })
    expect(Buffer.from(await small.arrayBuffer())).toEqual(Buffer.alloc(10, 7))
  })

  it('Infinity turns the limit off; anything but a number of bytes is an error', async () => {
    const server = await start(handle((req) => ({ length: req.body?.length ?? 0 })), { maxBodyBytes: Infinity })
    expect(await (await fetch(server.url, { method: 'POST', body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1) })).json()).toEqual({ length: DEFAULT_MAX_BODY_BYTES + 1 })
    for (const maxBodyBytes of [-1, Number.NaN, '10' as never]) {
      await expect(listen(handle(() => ''), { port: 0, handleSignals: false, maxBodyBytes })).rejects.toThrow('faasport: listen() maxBodyBytes must be a number of bytes')
    }
  })
})

describe('a client that goes away mid-upload', () => {
  async function abortUpload(server: ListeningServer, path: string) {
    const socket = connect(server.port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\nabc`)
    await new Promise((r) => setTimeout(r, 50))
    socket.destroy()
    await new Promise((r) => setTimeout(r, 150))
  }

  it('is no handler failure: the handler does not run, nothing is written, a debug line is logged', async () => {
    const logger = recordingLogger()
    let calls = 0
    const server = await start(
      handle(() => {
        calls++
        return 'x'
      }),
      { logger },
    )
    const written = vi.spyOn(ServerResponse.prototype, 'writeHead')
    await abortUpload(server, '/upload?token=secret')
    expect(calls).toBe(0)
    expect(logger.error).not.toHaveBeenCalled()
    expect(logger.warn).not.toHaveBeenCalled()
    expect(logger.debug).toHaveBeenCalledExactlyOnceWith('faasport: POST /upload: the client closed the connection before its request arrived')
    expect(written).not.toHaveBeenCalled()
    written.mockRestore()
  })

  it('is no app failure for a Node app reading its own body', async () => {
    const logger = recordingLogger()
    const app = express()
    app.post('/upload', express.raw({ type: () => true }), (req, res) => res.send(String((req.body as Buffer).length)))
    const server = await start(app, { logger })
    await abortUpload(server, '/upload')
    expect(logger.error).not.toHaveBeenCalled()
    expect(logger.warn).not.toHaveBeenCalled()
    expect(logger.debug).toHaveBeenCalledExactlyOnceWith('faasport: POST /upload: the client closed the connection before its request arrived')
  })
})
