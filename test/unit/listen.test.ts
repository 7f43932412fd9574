import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { join, resolve } from 'node:path'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getInvocation, handle, listen, serve, type ListeningServer } from '../../src/index.js'
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

  it('runs a fetch app, with getInvocation() inside it', async () => {
    const app = new Hono()
    app.get('/who', (c) => c.json({ id: getInvocation()?.requestId, ua: c.req.header('user-agent') }))
    const server = await start(app)
    const body = (await (await fetch(`${server.url}/who`, { headers: { 'x-scf-request-id': 'from-scf', 'user-agent': 'test' } })).json()) as Record<string, unknown>
    expect(body).toEqual({ id: 'from-scf', ua: 'test' })
  })

  it('binds the port from PORT, else 9000, on 0.0.0.0 by default', async () => {
    const previous = process.env.PORT
    process.env.PORT = '0'
    const server = await listen(handle(() => 'x'), { handleSignals: false })
    servers.push(server)
    process.env.PORT = previous
    expect(server.host).toBe('0.0.0.0')
    expect(server.port).toBeGreaterThan(0)
  })
})

describe('graceful shutdown', () => {
  it('on SIGTERM: stops accepting, finishes the in-flight request, then exits 0', async () => {
    const root = resolve(__dirname, '..', '..')
    const child = spawn(process.execPath, [join(root, 'test', 'fixtures', 'listen', 'server.mjs')], { cwd: root })
    const output: string[] = []
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (text: string) => {
        output.push(text)
        const match = /listening (\d+)/.exec(text)
        if (match) resolvePort(Number(match[1]))
      })
      child.once('error', reject)
      setTimeout(() => reject(new Error(`server did not start: ${output.join('')}`)), 10_000)
    })
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => [r.status, await r.json()])
    await new Promise((r) => setTimeout(r, 100))
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await inFlight).toEqual([200, { path: '/slow' }])
    expect(await exited).toBe(0)
    expect(output.join('')).toContain('SIGTERM: finishing in-flight requests, then exiting')
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  }, 20_000)
})
