import { gzipSync } from 'node:zlib'
import bodyParser from '@koa/bodyparser'
import express from 'express'
import express4 from 'express4'
import { Hono } from 'hono'
import Koa from 'koa'
import Koa2 from 'koa2'
import { getInvocation } from '../../src/index.js'

// The same small app written for each framework. Every route exercises one behaviour the matrix checks.

/** 1x1 transparent PNG, with bytes that are not valid UTF-8. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
/** Every byte value once. */
export const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
export const GZIPPED_JSON = gzipSync(Buffer.from(JSON.stringify({ compressed: true })))

function echoPayload(body: unknown, query: unknown, headers: Record<string, unknown>, method: string, url: string) {
  return {
    method,
    url,
    body,
    query,
    accept: headers['accept'] ?? null,
    multi: headers['x-multi'] ?? null,
    cookie: headers['cookie'] ?? null,
    requestId: getInvocation()?.requestId ?? null,
  }
}

function expressApp(factory: typeof express) {
  const app = factory()
  app.use(factory.json())
  app.use('/upload', factory.raw({ type: () => true, limit: '20mb' }))
  app.all('/echo', (req, res) => {
    res.json(echoPayload(req.body ?? null, req.query, req.headers, req.method, req.originalUrl))
  })
  app.post('/upload', (req, res) => {
    res.type('application/octet-stream').send(req.body)
  })
  app.get('/cookies', (_req, res) => {
    res.cookie('session', 'abc', { httpOnly: true, path: '/' })
    res.cookie('theme', 'dark', { path: '/', expires: new Date(Date.UTC(2030, 0, 1)) })
    res.send('ok')
  })
  app.get('/png', (_req, res) => {
    res.type('image/png').send(PNG)
  })
  app.get('/octet', (_req, res) => {
    res.type('application/octet-stream').send(ALL_BYTES)
  })
  app.get('/gzip', (_req, res) => {
    res.set({ 'content-type': 'application/json', 'content-encoding': 'gzip' }).send(GZIPPED_JSON)
  })
  app.get('/redirect', (_req, res) => {
    res.redirect(302, '/target?x=1')
  })
  app.get('/empty', (_req, res) => {
    res.status(204).end()
  })
  app.get('/cached', (_req, res) => {
    res.status(304).set('etag', '"v1"').end()
  })
  app.get('/boom', () => {
    throw new Error('secret failure detail')
  })
  app.get('/stream', (_req, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8')
    res.write('one,')
    setTimeout(() => {
      res.write('two,')
      res.end('three')
    }, 1)
  })
  app.get('/request-id', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10))
    res.json({ requestId: getInvocation()?.requestId })
  })
  return app
}

export function createExpress5() {
  return expressApp(express)
}

export function createExpress4() {
  return expressApp(express4 as typeof express)
}

function koaApp(KoaClass: typeof Koa) {
  const app = new KoaClass()
  app.silent = true
  app.use(async (ctx, next) => {
    if (ctx.path === '/upload') {
      const chunks: Buffer[] = []
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
      ctx.type = 'application/octet-stream'
      ctx.body = Buffer.concat(chunks)
      return
    }
    await next()
  })
  app.use(bodyParser())
  app.use(async (ctx) => {
    switch (`${ctx.method} ${ctx.path}`) {
      case 'GET /echo':
      case 'POST /echo':
      case 'PUT /echo':
        ctx.body = echoPayload(ctx.request.body ?? null, ctx.query, ctx.headers, ctx.method, ctx.originalUrl)
        return
      case 'GET /cookies':
        ctx.cookies.set('session', 'abc', { httpOnly: true, path: '/' })
        ctx.cookies.set('theme', 'dark', { path: '/', expires: new Date(Date.UTC(2030, 0, 1)), httpOnly: false })
        ctx.body = 'ok'
        return
      case 'GET /png':
        ctx.type = 'image/png'
        ctx.body = PNG
        return
      case 'GET /octet':
        ctx.type = 'application/octet-stream'
        ctx.body = ALL_BYTES
        return
      case 'GET /gzip':
        ctx.set('content-encoding', 'gzip')
        ctx.type = 'application/json'
        ctx.body = GZIPPED_JSON
        return
      case 'GET /redirect':
        ctx.redirect('/target?x=1')
        return
      case 'GET /empty':
        ctx.status = 204
        return
      case 'GET /cached':
        ctx.set('etag', '"v1"')
        ctx.status = 304
        return
      case 'GET /boom':
        throw new Error('secret failure detail')
      case 'GET /stream': {
        const { Readable } = await import('node:stream')
        ctx.type = 'text/plain; charset=utf-8'
        ctx.body = Readable.from(['one,', 'two,', 'three'])
        return
      }
      case 'GET /request-id':
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10))
        ctx.body = { requestId: getInvocation()?.requestId }
        return
    }
  })
  return app
}

export function createKoa3() {
  return koaApp(Koa)
}

export function createKoa2() {
  return koaApp(Koa2 as typeof Koa)
}

export function createHono() {
  const app = new Hono()
  app.all('/echo', async (c) => {
    const type = c.req.header('content-type') ?? ''
    const body = c.req.method === 'GET' ? null : type.includes('json') ? await c.req.json() : await c.req.text()
    const url = new URL(c.req.url)
    const query: Record<string, string | string[]> = {}
    for (const [key, values] of Object.entries(c.req.queries())) query[key] = values.length === 1 ? values[0]! : values
    const headers: Record<string, string> = {}
    c.req.raw.headers.forEach((v, k) => (headers[k] = v))
    return c.json(echoPayload(body, query, headers, c.req.method, url.pathname + url.search))
  })
  app.post('/upload', async (c) => c.body(new Uint8Array(await c.req.arrayBuffer()), 200, { 'content-type': 'application/octet-stream' }))
  app.get('/cookies', (c) => {
    c.header('set-cookie', 'session=abc; Path=/; HttpOnly', { append: true })
    c.header('set-cookie', 'theme=dark; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT', { append: true })
    return c.text('ok')
  })
  app.get('/png', (c) => c.body(new Uint8Array(PNG), 200, { 'content-type': 'image/png' }))
  app.get('/octet', (c) => c.body(new Uint8Array(ALL_BYTES), 200, { 'content-type': 'application/octet-stream' }))
  app.get('/gzip', (c) => c.body(new Uint8Array(GZIPPED_JSON), 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }))
  app.get('/redirect', (c) => c.redirect('/target?x=1', 302))
  app.get('/empty', (c) => c.body(null, 204))
  app.get('/cached', (c) => c.body(null, 304, { etag: '"v1"' }))
  app.get('/boom', () => {
    throw new Error('secret failure detail')
  })
  app.get('/stream', (c) => {
    const stream = new ReadableStream({
      start(controller) {
        for (const part of ['one,', 'two,', 'three']) controller.enqueue(new TextEncoder().encode(part))
        controller.close()
      },
    })
    return c.body(stream, 200, { 'content-type': 'text/plain; charset=utf-8' })
  })
  app.get('/request-id', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10))
    return c.json({ requestId: getInvocation()?.requestId })
  })
  return app
}

export const frameworks = [
  { name: 'Express 5', create: createExpress5 },
  { name: 'Express 4', create: createExpress4 },
  { name: 'Koa 3', create: createKoa3 },
  { name: 'Hono (fetch)', create: createHono },
] as const
