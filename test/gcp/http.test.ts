import { Readable } from 'node:stream'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import express from 'express'
import Koa from 'koa'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { http as gcpHttp } from '../../adapters/gcp/http.js'
import { handle, on, serve } from '../../src/entries/gcp.js'
import { getInvocation, type HttpRequest } from '../../src/index.js'
import { ALL_BYTES, frameworks, GZIPPED_JSON, PNG } from '../helpers/apps.js'
import { cloudEventFunction, headerValues, httpFunction, type FrameworkServer } from '../helpers/functions-framework.js'

// HTTP functions under the real Functions Framework (@google-cloud/functions-framework 5, its getTestServer:
// the framework's own Express app, body parsers and middleware), called over real HTTP. The request the
// framework hands a function follows https://cloud.google.com/functions/docs/writing/write-http-functions
// ("the request object ... the body is already parsed", `req.rawBody`).

const servers: FrameworkServer[] = []
async function start(entry: (req: any, res: any) => unknown): Promise<FrameworkServer> {
  const server = await httpFunction(entry)
  servers.push(server)
  return server
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

describe.each(frameworks)('$name app through serve() under the Functions Framework', ({ create }) => {
  let server: FrameworkServer
  beforeAll(async () => {
    server = await start(serve(create()))
  })

  it('gets a JSON body it can parse, every repeated query value and the Cookie header', async () => {
    const res = await server.send({
      method: 'POST',
      path: '/echo?tag=a&tag=b&q=caf%C3%A9',
      headers: { 'content-type': 'application/json', cookie: 'a=1; b=2', 'function-execution-id': 'exec-123' },
      body: JSON.stringify({ hello: 'world', n: 1 }),
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body.toString())).toEqual({
      method: 'POST',
      url: '/echo?tag=a&tag=b&q=caf%C3%A9',
      body: { hello: 'world', n: 1 },
      query: { tag: ['a', 'b'], q: 'café' },
      accept: null,
      multi: null,
      cookie: 'a=1; b=2',
      requestId: 'exec-123',
    })
  })

  it('sends every Set-Cookie header apart', async () => {
    const res = await server.send({ path: '/cookies' })
    expect(res.status).toBe(200)
    const cookies = headerValues(res, 'set-cookie')
    expect(cookies).toHaveLength(2)
    // Koa adds `secure`: the in-memory request is HTTPS, as Cloud Run's front end is.
    expect(cookies[0]).toMatch(/^session=abc; path=\/;( secure;)? httponly$/i)
    expect(cookies[1]).toMatch(/^theme=dark; path=\/; expires=Tue, 01 Jan 2030 00:00:00 GMT(; secure)?$/i)
  })

  it('answers binary bodies byte for byte', async () => {
    const png = await server.send({ path: '/png' })
    expect(png.headers['content-type']).toBe('image/png')
    expect(png.body.equals(PNG)).toBe(true)
    const octet = await server.send({ path: '/octet' })
    expect(octet.body.equals(ALL_BYTES)).toBe(true)
    const gzip = await server.send({ path: '/gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.body.equals(GZIPPED_JSON)).toBe(true)
  })

  it('receives a binary upload byte for byte, after the framework has read it', async () => {
    const res = await server.send({ method: 'POST', path: '/upload', headers: { 'content-type': 'application/octet-stream' }, body: ALL_BYTES })
    expect(res.status).toBe(200)
    expect(res.body.equals(ALL_BYTES)).toBe(true)
  })

  it('keeps redirects, 204 and 304 as the app sent them', async () => {
    const redirect = await server.send({ path: '/redirect' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.location).toBe('/target?x=1')
    expect((await server.send({ path: '/empty' })).status).toBe(204)
    const cached = await server.send({ path: '/cached' })
    expect(cached.status).toBe(304)
    expect(cached.headers.etag).toBe('"v1"')
  })

  it('answers a failure with a 500 that carries no stack', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await server.send({ path: '/boom' })
    errors.mockRestore()
    expect(res.status).toBe(500)
    expect(res.body.toString()).not.toContain('secret failure detail')
    expect(res.body.toString()).not.toContain('at ')
  })

  it('de-chunks a streamed app answer into one whole body', async () => {
    const res = await server.send({ path: '/stream' })
    expect(res.body.toString()).toBe('one,two,three')
  })
})

describe('what Node apps parse themselves', () => {
  it('Express gets a form body and a text body it can parse, after the framework parsed them', async () => {
    const app = express()
    app.use(express.urlencoded({ extended: false }), express.text())
    app.post('/form', (req, res) => res.json({ form: req.body }))
    app.post('/text', (req, res) => res.json({ text: req.body }))
    const server = await start(serve(app))
    const form = await server.send({ method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two+words' })
    expect(JSON.parse(form.body.toString())).toEqual({ form: { a: '1', b: 'two words' } })
    const text = await server.send({ method: 'POST', path: '/text', headers: { 'content-type': 'text/plain' }, body: 'plain words' })
    expect(JSON.parse(text.body.toString())).toEqual({ text: 'plain words' })
  })

  // The framework's body parsers inflate a compressed upload before saving `rawBody`
  // (https://github.com/expressjs/body-parser#inflate); the app gets those bytes, so it must not be told to
  // inflate them again.
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('Express parses a %s-encoded JSON upload the framework already inflated', async (encoding, compress) => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => res.json({ body: req.body, encoding: req.headers['content-encoding'] ?? null, length: req.headers['content-length'] }))
    const server = await start(serve(app))
    const json = JSON.stringify({ compressed: encoding, padding: 'x'.repeat(200) })
    const res = await server.send({ method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: compress(json) })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body.toString())).toEqual({ body: JSON.parse(json), encoding: null, length: String(Buffer.byteLength(json)) })
  })

  it('Express reads an upload the framework did not parse (no content type) from the stream, encoding kept', async () => {
    const app = express()
    app.use(express.raw({ type: () => true }))
    app.post('/', (req, res) => res.json({ body: (req.body as Buffer).toString(), encoding: req.headers['content-encoding'] ?? null }))
    const server = await start(serve(app))
    const res = await server.send({ method: 'POST', headers: { 'content-encoding': 'gzip' }, body: gzipSync('raw words') })
    expect(JSON.parse(res.body.toString())).toEqual({ body: 'raw words', encoding: 'gzip' })
  })

  it('Koa reads the raw request stream', async () => {
    const app = new Koa()
    app.use(async (ctx) => {
      const chunks: Buffer[] = []
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
      ctx.body = { length: Buffer.concat(chunks).length, type: ctx.get('content-type') }
    })
    const server = await start(serve(app))
    const res = await server.send({ method: 'PUT', path: '/', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2,3]}' })
    expect(JSON.parse(res.body.toString())).toEqual({ length: 13, type: 'application/json' })
  })
})

describe('handle() under the Functions Framework', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('reads the request: method, path, query, repeated headers, cookies, body bytes, client address', async () => {
    let seen: HttpRequest | undefined
    const server = await start(
      handle((req) => {
        seen = req
        return { statusCode: 201, headers: { 'x-out': 'yes' }, body: 'made' }
      }),
    )
    const res = await server.send({
      method: 'POST',
      path: '/a%20b/c?x=1&x=2&y=%2F',
      headers: { 'x-multi': ['one', 'two'], cookie: 'sid=s1; theme=dark', 'x-forwarded-for': '198.51.100.7', 'content-type': 'application/octet-stream' },
      body: ALL_BYTES,
    })
    expect(res.status).toBe(201)
    expect(res.headers['x-out']).toBe('yes')
    expect(res.body.toString()).toBe('made')
    expect(seen!.method).toBe('POST')
    expect(seen!.path).toBe('/a%20b/c')
    expect(seen!.rawQuery).toBe('x=1&x=2&y=%2F')
    expect(seen!.query).toEqual({ x: ['1', '2'], y: '/' })
    expect(seen!.headers['x-multi']).toEqual(['one', 'two'])
    expect(seen!.cookies).toEqual({ sid: 's1', theme: 'dark' })
    expect(seen!.body!.equals(ALL_BYTES)).toBe(true)
    expect(seen!.sourceIp).toBe('198.51.100.7')
  })

  it('fills the invocation from the request headers and the environment Cloud Run sets', async () => {
    vi.stubEnv('K_SERVICE', 'orders')
    vi.stubEnv('K_REVISION', 'orders-00042-abc')
    vi.stubEnv('FUNCTION_TARGET', 'ordersHttp')
    let invocation: Record<string, unknown> | undefined
    const server = await start(handle((_req, inv) => ((invocation = JSON.parse(JSON.stringify(inv))), 'ok')))
    await server.send({ headers: { 'function-execution-id': 'abc123', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } })
    expect(invocation).toMatchObject({
      provider: 'gcp',
      trigger: 'http',
      requestId: 'abc123',
      functionName: 'orders',
      functionVersion: 'orders-00042-abc',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    })
  })

  it('builds the traceparent from X-Cloud-Trace-Context when there is no traceparent', async () => {
    let traceparent: string | undefined
    const server = await start(handle((_req, inv) => ((traceparent = inv.traceparent), 'ok')))
    // https://cloud.google.com/trace/docs/trace-context: TRACE_ID/SPAN_ID;o=OPTIONS, the span id in decimal.
    await server.send({ headers: { 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1' } })
    expect(traceparent).toBe('00-105445aa7843bc8bf206b12000100000-0000000000000001-01')
  })

  it('takes FUNCTION_TARGET as the name where Cloud Run sets no service name', async () => {
    vi.stubEnv('K_SERVICE', '')
    vi.stubEnv('FUNCTION_TARGET', 'helloHttp')
    let name: string | undefined
    const server = await start(handle((_req, inv) => ((name = inv.functionName), 'ok')))
    await server.send({})
    expect(name).toBe('helloHttp')
  })

  it('answers 504 before CLOUD_RUN_TIMEOUT_SECONDS when the handler has not answered', async () => {
    vi.stubEnv('CLOUD_RUN_TIMEOUT_SECONDS', '1')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await start(handle(() => new Promise(() => {}), { deadlineMarginMs: 700 }))
    const res = await server.send({ path: '/slow' })
    const logged = errors.mock.calls.map((c) => String(c[0])).join('\n')
    errors.mockRestore()
    expect(res.status).toBe(504)
    expect(logged).toMatch(/GET \/slow/)
  })

  it('answers 502 with a log line when a buffered answer is over the limit, and streams it instead with stream: true', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const big = Buffer.alloc(4096, 97)
    const buffered = await start(handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: big }), { maxResponseBytes: 1024 }))
    const refused = await buffered.send({})
    const logged = errors.mock.calls.map((c) => String(c[0])).join('\n')
    errors.mockRestore()
    expect(refused.status).toBe(502)
    expect(logged).toMatch(/4096 bytes .* over the 1024 bytes maxResponseBytes allows/)
    const streamed = await start(handle(() => new Response(Readable.toWeb(Readable.from([big])) as ReadableStream, { headers: { 'content-type': 'text/plain' } }), { stream: true }))
    const res = await streamed.send({})
    expect(res.status).toBe(200)
    expect(res.headers['transfer-encoding']).toBe('chunked')
    expect(res.body.equals(big)).toBe(true)
  })

  it('builds the request of a call without a body at once, without waiting on the request stream', async () => {
    const built: Array<{ method: string; sync: boolean }> = []
    const server = await start((req: any, res: any) => {
      const request = gcpHttp.toRequest(req, undefined, { stripStage: false, basePath: undefined })
      built.push({ method: req.method, sync: !(request instanceof Promise) })
      res.end()
    })
    await server.send({ method: 'GET', path: '/a' })
    await server.send({ method: 'DELETE', path: '/b' })
    await server.send({ method: 'POST', path: '/c', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(built).toEqual([
      { method: 'GET', sync: true },
      { method: 'DELETE', sync: true },
      { method: 'POST', sync: true },
    ])
  })

  it('answers 502 when Node refuses a header of the answer, instead of hanging up on the client', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await start(handle(() => ({ statusCode: 200, headers: { 'x-ok': 'yes', 'x-price': '5\u20ac' }, body: 'priced' })))
    const res = await server.send({})
    const logged = errors.mock.calls.map((c) => String(c[0])).join('\n')
    errors.mockRestore()
    expect(res.status).toBe(502)
    expect(res.headers['x-ok']).toBeUndefined()
    expect(JSON.parse(res.body.toString())).toEqual({ error: 'Bad Gateway' })
    expect(logged).toMatch(/refused the answer/)
  })

  it('answers a malformed call with a 400 naming the field', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const server = await start((req: any, res: any) => {
      delete req.rawBody
      req.body = { parsed: true }
      return handle(() => 'unreachable')(req, res)
    })
    const res = await server.send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"parsed":true}' })
    warn.mockRestore()
    expect(res.status).toBe(400)
    expect(res.body.toString()).toContain('req.rawBody')
  })
})

describe('stream: true under the Functions Framework', () => {
  /** A gate the client opens when a chunk has arrived: a route that waits on it proves the answer streams. */
  function gate() {
    let open!: () => void
    const opened = new Promise<'live'>((resolve) => (open = () => resolve('live')))
    const waitOrGiveUp = () => Promise.race([opened, new Promise<'buffered'>((resolve) => setTimeout(() => resolve('buffered'), 3000))])
    return { open, waitOrGiveUp }
  }

  it('streams an Express SSE answer chunk by chunk, head first', async () => {
    const g = gate()
    const app = express()
    app.get('/events', async (_req, res) => {
      res.setHeader('content-type', 'text/event-stream')
      res.setHeader('cache-control', 'no-cache')
      res.write('data: first\n\n')
      res.write(`data: ${await g.waitOrGiveUp()}\n\n`)
      res.end()
    })
    const server = await start(serve(app, { stream: true }))
    const { request } = await import('node:http')
    const body = await new Promise<string>((resolve, reject) => {
      request(server.url + '/events', (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream')
        let text = ''
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (text.includes('first')) g.open()
        })
        res.on('end', () => resolve(text))
      })
        .on('error', reject)
        .end()
    })
    expect(body).toBe('data: first\n\ndata: live\n\n')
  })

  it('streams a handle() body source (an async iterable) and keeps every cookie in the head', async () => {
    const g = gate()
    async function* tokens() {
      yield 'token-1 '
      yield await g.waitOrGiveUp()
    }
    const server = await start(handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, cookies: ['a=1; Path=/', 'b=2; Path=/'], body: tokens() }), { stream: true }))
    const res = await new Promise<{ text: string; cookies: string[] }>((resolve, reject) => {
      import('node:http').then(({ request }) =>
        request(server.url, (r) => {
          let text = ''
          r.on('data', (chunk: Buffer) => {
            text += chunk.toString()
            g.open()
          })
          r.on('end', () => resolve({ text, cookies: r.headers['set-cookie'] ?? [] }))
        })
          .on('error', reject)
          .end(),
      )
    })
    expect(res).toEqual({ text: 'token-1 live', cookies: ['a=1; Path=/', 'b=2; Path=/'] })
  })

  it('cuts the connection when the stream fails after its head went out', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    async function* failing() {
      yield 'part'
      throw new Error('source broke')
    }
    const server = await start(handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: failing() }), { stream: true }))
    const outcome = await server.send({}).then(
      (r) => `ended cleanly: ${r.body.toString()}`,
      (error: Error) => `cut: ${error.message}`,
    )
    errors.mockRestore()
    expect(outcome).toMatch(/^cut:/)
  })
})

describe('on() as an HTTP function and as a CloudEvent function', () => {
  it('serves HTTP through its http route', async () => {
    const server = await start(on({ http: (req, inv) => ({ path: req.path, provider: inv.provider, inside: getInvocation() === inv }) }))
    const res = await server.send({ path: '/hello' })
    expect(JSON.parse(res.body.toString())).toEqual({ path: '/hello', provider: 'gcp', inside: true })
  })

  it('is refused by handle() when registered as a CloudEvent function, with a 500 the platform retries', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await cloudEventFunction(handle(() => 'never'))
    servers.push(server)
    const res = await server.send({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ce-id': '1', 'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished', 'ce-source': '//pubsub.googleapis.com/projects/p/topics/t', 'ce-specversion': '1.0' },
      body: JSON.stringify({ message: { data: Buffer.from('x').toString('base64'), messageId: '1' } }),
    })
    const logged = errors.mock.calls.flat().map(String).join('\n')
    errors.mockRestore()
    expect(res.status).toBe(500)
    expect(logged).toMatch(/UnsupportedEventError: .*Checked: gcp\/http\..*route timers, storage and queue events with on\(\)/)
  })
})
