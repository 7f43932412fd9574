import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import express from 'express'
import express4 from 'express4'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import Koa from 'koa'
import Koa2 from 'koa2'
import { describe, expect, it, vi } from 'vitest'
import * as fcEntry from 'faasport/fc'
import * as lambdaEntry from 'faasport/lambda'
import { handle, on, serve, type Logger } from 'faasport'
import { events, invoke, InvokeError, request, type StreamedResponse } from 'faasport/testing'

// Streamed answers through the test kit, which runs a stream: true export the way the Lambda runtime does
// (test/lambda/streaming-runtime.test.ts runs the same under the real runtime client). A buffered answer
// arrives as one chunk at the end; a streamed one arrives as the app writes it, one chunk per write.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const url = (path: string, init: Parameters<typeof events.aws.functionUrl>[0] = {}) => events.aws.functionUrl({ path, ...init })
const texts = (answer: StreamedResponse) => answer.chunks.map((c) => c.data.toString('utf8'))

function quietLogger(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = []
  const log = (...args: unknown[]) => void lines.push(args)
  return { lines, debug: log, info: log, warn: log, error: log }
}

/** The SSE route, written the same way for every Node framework that hands out `res`. */
async function sse(res: import('node:http').ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  res.flushHeaders()
  for (let i = 0; i < 3; i++) {
    res.write(`data: ${i}\n\n`)
    await sleep(5)
  }
  res.end()
}

const nodeApps: Array<[string, () => unknown]> = [
  ['Express 5', () => express().get('/sse', (req, res) => void sse(res))],
  ['Express 4', () => express4().get('/sse', (req, res) => void sse(res))],
  [
    'Koa 3',
    () =>
      new Koa().use((ctx) => {
        ctx.respond = false
        void sse(ctx.res)
      }),
  ],
  [
    'Koa 2',
    () =>
      new Koa2().use((ctx) => {
        ctx.respond = false
        void sse(ctx.res)
      }),
  ],
  ['a (req, res) listener', () => (req: unknown, res: import('node:http').ServerResponse) => void sse(res)],
  ['an http.Server', () => createServer((req, res) => void sse(res))],
]

describe.each(nodeApps)('serve(%s, { stream: true })', (_name, make) => {
  it('streams each write as it happens, behind a Function URL prelude', async () => {
    const answer: StreamedResponse = await invoke(serve(make() as never, { stream: true }), url('/sse'))
    expect(answer.streamed).toBe(true)
    expect(answer.contentType).toBe('application/vnd.awslambda.http-integration-response')
    expect(answer.prelude).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/event-stream' } })
    expect(texts(answer)).toEqual(['data: 0\n\n', 'data: 1\n\n', 'data: 2\n\n'])
  })
})

describe('a Node app streaming', () => {
  it('sees the backpressure a Node server gives: write() false while the reader is full, then drain', async () => {
    const seen = { falses: 0, drains: 0, needDrain: false }
    const app = express().get('/big', async (req, res) => {
      res.setHeader('content-type', 'application/octet-stream')
      const chunk = Buffer.alloc(64 * 1024, 1)
      for (let i = 0; i < 16; i++) {
        if (!res.write(chunk)) {
          seen.falses++
          seen.needDrain ||= res.writableNeedDrain
          await new Promise((resolve) => res.once('drain', resolve))
          seen.drains++
          expect(res.writableNeedDrain).toBe(false)
        }
      }
      res.end()
    })
    const answer: StreamedResponse = await invoke(serve(app, { stream: true }), url('/big'))
    expect(answer.body.length).toBe(16 * 64 * 1024)
    expect(seen.falses).toBeGreaterThan(0)
    expect(seen.drains).toBe(seen.falses)
    expect(seen.needDrain).toBe(true)
  })

  it('pipes a Readable into res with backpressure, every byte in order', async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251))
    const app = express().get('/file', (req, res) => {
      res.type('application/octet-stream')
      Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000, 200_000), bytes.subarray(200_000)]).pipe(res)
    })
    const answer: StreamedResponse = await invoke(serve(app, { stream: true }), url('/file'))
    expect(answer.body.equals(bytes)).toBe(true)
  })

  it('sends the head of a HEAD request without a body', async () => {
    const app = express().get('/x', (req, res) => res.send('a body'))
    const answer: StreamedResponse = await invoke(serve(app, { stream: true }), url('/x', { method: 'HEAD' }))
    expect(answer.prelude).toMatchObject({ statusCode: 200, headers: { 'content-length': '6' } })
    expect(answer.body.length).toBe(0)
  })

  it('streams the 404 of an unmatched route, the error answer of a throwing one', async () => {
    const app = express().get('/boom', () => {
      throw new Error('secret')
    })
    const entry = serve(app, { stream: true, logger: quietLogger() })
    const missing: StreamedResponse = await invoke(entry, url('/nope'))
    expect(missing.prelude).toMatchObject({ statusCode: 404 })
    const boom: StreamedResponse = await invoke(entry, url('/boom'))
    expect(boom.prelude).toMatchObject({ statusCode: 500 })
    expect(JSON.parse(boom.body.toString())).toEqual({ error: 'Internal Server Error' })
  })

  it('fails the invocation when the app fails after its head went out, logging it once', async () => {
    const logger = quietLogger()
    const app = express().get('/late', async (req, res) => {
      res.write('part')
      await sleep(5)
      throw new Error('late failure')
    })
    await expect(invoke(serve(app, { stream: true, logger }), url('/late'))).rejects.toThrow('late failure')
    expect(logger.lines.filter((l) => String(l[0]).includes('failed after its head went out'))).toHaveLength(1)
  })
})

describe('fetch apps streaming', () => {
  it('streams Hono streamSSE events as they are written', async () => {
    const app = new Hono().get('/sse', (c) =>
      streamSSE(c, async (stream) => {
        for (let i = 0; i < 3; i++) {
          await stream.writeSSE({ data: `tick ${i}` })
          await stream.sleep(5)
        }
      }),
    )
    const answer: StreamedResponse = await invoke(serve(app, { stream: true }), url('/sse'))
    expect(answer.prelude).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/event-stream' } })
    expect(answer.body.toString()).toBe('data: tick 0\n\ndata: tick 1\n\ndata: tick 2\n\n')
    expect(answer.chunks.length).toBeGreaterThanOrEqual(3)
  })

  it('waits for waitUntil work before the invocation ends, after the body has ended', async () => {
    const order: string[] = []
    const app = {
      fetch(req: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) {
        ctx.waitUntil(sleep(20).then(() => order.push('waitUntil')))
        return new Response('done')
      },
    }
    const answer: StreamedResponse = await invoke(serve(app, { stream: true }), url('/'))
    order.push('returned')
    expect(answer.body.toString()).toBe('done')
    expect(order).toEqual(['waitUntil', 'returned'])
  })
})

describe('handle() with stream bodies', () => {
  const sources: Array<[string, () => unknown]> = [
    ['an async generator', () => (async function* () {
      yield 'a'
      await sleep(2)
      yield new Uint8Array([98])
      yield Buffer.from('c')
    })()],
    ['a Node Readable', () => Readable.from(['a', 'b', 'c'])],
    ['a ReadableStream', () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('a')); c.enqueue('b'); c.enqueue(new TextEncoder().encode('c')); c.close() } })],
    ['a Blob', () => new Blob(['a', 'b', 'c'])],
  ]

  it.each(sources)('streams %s body under stream: true', async (_name, source) => {
    const entry = handle(() => ({ statusCode: 200, body: source() }), { stream: true })
    const answer: StreamedResponse = await invoke(entry, url('/'))
    expect(answer.prelude).toEqual({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' } })
    expect(answer.body.toString()).toBe('abc')
  })

  it.each(sources)('reads %s body to its end when buffered', async (_name, source) => {
    const entry = handle(() => ({ statusCode: 200, body: source() }))
    const response = await request(entry, { trigger: 'apigw-v2' })
    expect(response.streamed).toBe(false)
    expect(response.headers['content-type']).toBe('application/octet-stream')
    expect(response.text()).toBe('abc')
  })

  it('keeps binary bytes exact when buffered (base64 by content type)', async () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13])
    const entry = handle(() => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]) }))
    const response = await request(entry)
    expect(response.isBase64Encoded).toBe(true)
    expect(response.body.equals(bytes)).toBe(true)
  })

  it('takes a Blob\'s own type, and a Readable returned on its own', async () => {
    const blob = await request(handle(() => ({ statusCode: 200, body: new Blob(['<b>'], { type: 'text/html' }) })))
    expect(blob.headers['content-type']).toBe('text/html')
    expect(blob.text()).toBe('<b>')
    const bare = await request(handle(() => Readable.from(['x'])))
    expect(bare.status).toBe(200)
    expect(bare.headers['content-type']).toBe('application/octet-stream')
    expect(bare.text()).toBe('x')
  })

  it('answers 500 and logs when a buffered body stream fails or gives a chunk that is not text or bytes', async () => {
    const logger = quietLogger()
    const failing = handle(() => ({ statusCode: 200, body: (async function* () {
      yield 'a'
      throw new Error('source broke')
    })() }), { logger })
    expect((await request(failing)).status).toBe(500)
    const odd = handle(() => ({ statusCode: 200, body: (async function* () {
      yield 42
    })() }), { logger })
    expect((await request(odd)).status).toBe(500)
    expect(logger.lines.map((l) => String((l[1] as Error)?.message))).toEqual(['source broke', "faasport: a body stream's chunks must be strings or bytes, got number"])
  })

  it('fails a streamed invocation whose body stream breaks after the head', async () => {
    const entry = handle(() => ({ statusCode: 200, body: (async function* () {
      yield 'a'
      throw new Error('source broke')
    })() }), { stream: true, logger: quietLogger() })
    await expect(invoke(entry, url('/'))).rejects.toThrow('source broke')
  })

  it('streams a Readable its producer paused, and fails one destroyed before its end', async () => {
    const paused = Readable.from(['x', 'y'])
    paused.pause()
    const answer: StreamedResponse = await invoke(handle(() => ({ statusCode: 200, body: paused }), { stream: true }), url('/'))
    expect(answer.body.toString()).toBe('xy')
    const cut = new Readable({ read() {} })
    cut.push('part')
    setTimeout(() => cut.destroy(), 5)
    await expect(invoke(handle(() => ({ statusCode: 200, body: cut }), { stream: true, logger: quietLogger() }), url('/'))).rejects.toThrow('destroyed before it ended')
  })

  it('does not read the body of a HEAD or 204 answer, and stops its source', async () => {
    let stopped = 0
    const body = () => (async function* () {
      try {
        yield 'never read'
      } finally {
        stopped++
      }
    })()
    const head: StreamedResponse = await invoke(handle(() => ({ statusCode: 200, body: body() }), { stream: true }), url('/', { method: 'HEAD' }))
    expect(head.body.length).toBe(0)
    const empty: StreamedResponse = await invoke(handle(() => ({ statusCode: 204, body: body() }), { stream: true }), url('/'))
    expect(empty.prelude).toMatchObject({ statusCode: 204 })
    await vi.waitFor(() => expect(stopped).toBe(0)) // a generator that never started has no finally to run
  })
})

describe('bodies that cannot be read as they should', () => {
  it('fails a stream whose iterator throws from next() instead of rejecting, without an unhandled rejection', async () => {
    const throwing = () => {
      let n = 0
      return { [Symbol.asyncIterator]: () => ({ next: () => (n++ === 0 ? Promise.resolve({ value: 'a', done: false }) : (() => { throw new Error('next threw') })()) }) }
    }
    await expect(invoke(handle(() => ({ statusCode: 200, body: throwing() }), { stream: true, logger: quietLogger() }), url('/'))).rejects.toThrow('next threw')
    expect((await request(handle(() => ({ statusCode: 200, body: throwing() }), { logger: quietLogger() }))).status).toBe(500)
  })

  it('answers HEAD without reading an endless body, streamed or buffered, on every trigger', async () => {
    const endless = () => new ReadableStream({ pull: (c) => c.enqueue(new TextEncoder().encode('data: x\n\n')) })
    for (const entry of [handle(() => ({ statusCode: 200, body: endless() }), { stream: true }), handle(() => ({ statusCode: 200, body: endless() })), serve(() => new Response(endless()), { stream: true }), serve(() => new Response(endless()))]) {
      for (const trigger of ['function-url', 'apigw-v2', 'alb']) {
        const response = await request(entry, { trigger, method: 'HEAD', timeoutMs: 1000 })
        expect(response.status).toBe(200)
        expect(response.body.length).toBe(0)
      }
    }
  })

  it('gives the usual 500, not a head and a failure, for a body stream that is locked or already read', async () => {
    const locked = new ReadableStream()
    locked.getReader()
    const read = new Response('used')
    await read.text()
    for (const make of [() => handle(() => ({ statusCode: 200, body: locked }), { stream: true, logger: quietLogger() }), () => serve(() => read, { stream: true, logger: quietLogger() })]) {
      const answer: StreamedResponse = await invoke(make(), url('/'))
      expect(answer.prelude).toMatchObject({ statusCode: 500 })
    }
  })

  it('fails with the app\'s own error when it destroys its response with one mid-stream', async () => {
    const app = express().get('/x', (req, res) => {
      res.write('part')
      setTimeout(() => res.destroy(new Error('upstream reset')), 5)
    })
    await expect(invoke(serve(app, { stream: true, logger: quietLogger() }), url('/x'))).rejects.toThrow('upstream reset')
  })
})

describe('the stream option', () => {
  it.each([['yes'], [1], [null], [{}]])('refuses %j at init, naming the option', (value) => {
    expect(() => handle(() => 'x', { stream: value as never })).toThrow(TypeError)
    expect(() => handle(() => 'x', { stream: value as never })).toThrow(/handle\(\)'s stream option must be true or false/)
    expect(() => serve(() => new Response('x'), { stream: value as never })).toThrow(/serve\(\)'s stream option must be true or false/)
  })

  it('is refused by on(), whose handler cannot be a streaming one', () => {
    expect(() => on({ http: () => 'x' }, { stream: true } as never)).toThrow(/on\(\) does not stream/)
  })

  it('answers buffered where the Lambda runtime is not running it: the export is the usual entry', async () => {
    const entry = handle(() => 'hello', { stream: true })
    expect(entry.length).toBe(2)
    const fc = await request(fcEntry.handle(() => 'hello', { stream: true }), { provider: 'aliyun' })
    expect(fc.text()).toBe('hello')
    const direct = await entry(events.aws.apiGatewayV2({ path: '/' }), {})
    expect(direct).toMatchObject({ statusCode: 200, body: 'hello' })
  })

  it('is offered by faasport/lambda too', async () => {
    const answer: StreamedResponse = await invoke(lambdaEntry.serve(express().get('/', (req, res) => res.send('hi')), { stream: true }), url('/'))
    expect(answer.body.toString()).toBe('hi')
  })
})

describe('invoke() and request() of a streaming export', () => {
  it('give the chunks with their arrival times', async () => {
    const entry = handle(() => ({ statusCode: 200, body: (async function* () {
      yield 'first'
      await sleep(30)
      yield 'second'
    })() }), { stream: true })
    const answer: StreamedResponse = await invoke(entry, url('/'))
    expect(texts(answer)).toEqual(['first', 'second'])
    expect(answer.chunks[1]!.atMs).toBeGreaterThan(answer.chunks[0]!.atMs)
    const response = await request(entry, { trigger: 'function-url' })
    expect(response.streamed).toBe(true)
    expect(response.chunks.map((c) => c.data.toString())).toEqual(['first', 'second'])
  })

  it('decode a REST API prelude, cookies and repeated headers included', async () => {
    const entry = handle(() => ({ statusCode: 201, headers: { vary: ['a', 'b'] }, cookies: ['x=1', 'y=2'], body: 'ok' }), { stream: true })
    const response = await request(entry, { trigger: 'apigw-v1' })
    expect(response.streamed).toBe(true)
    expect(response.status).toBe(201)
    expect(response.headerValues.vary).toEqual(['a', 'b'])
    expect(response.cookies).toEqual(['x=1', 'y=2'])
  })

  it('read the JSON result of a trigger that cannot stream as the gateway does', async () => {
    const entry = handle(() => ({ statusCode: 201, cookies: ['x=1'], body: 'ok' }), { stream: true })
    for (const trigger of ['apigw-v2', 'alb']) {
      const response = await request(entry, { trigger })
      expect(response.streamed).toBe(false)
      expect(response.status).toBe(201)
      expect(response.text()).toBe('ok')
    }
  })

  it('refuse a streaming handler that leaves its stream open or returns no promise', async () => {
    const open = Object.assign(() => Promise.resolve(), { [Symbol.for('aws.lambda.runtime.handler.streaming')]: 'response' })
    await expect(invoke(open, url('/'), undefined, { timeoutMs: 50 })).rejects.toThrow(/did not end its response stream within 50 ms/)
    const sync = Object.assign((e: unknown, stream: NodeJS.WritableStream) => void stream.end(), { [Symbol.for('aws.lambda.runtime.handler.streaming')]: 'response' })
    await expect(invoke(sync, url('/'))).rejects.toBeInstanceOf(InvokeError)
  })

  it('run a hand-written streaming handler marked by awslambda.streamifyResponse', async () => {
    const handWritten = Object.assign(
      async (event: unknown, stream: NodeJS.WritableStream & { setContentType(t: string): void }) => {
        stream.setContentType('text/plain')
        stream.write('raw ')
        stream.end('bytes')
        await new Promise((resolve) => stream.on('finish', resolve))
      },
      { [Symbol.for('aws.lambda.runtime.handler.streaming')]: 'response' },
    )
    const answer: StreamedResponse = await invoke(handWritten, url('/'))
    expect(answer).toMatchObject({ contentType: 'text/plain', prelude: undefined })
    expect(answer.body.toString()).toBe('raw bytes')
  })
})
