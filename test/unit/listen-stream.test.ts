import { request as httpRequest, type IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { handle, listen, serve, type ListeningServer, type Logger } from 'faasport'

// listen() writes streamed bodies to the real socket as they are produced, read here by a real HTTP client.
// Each producer waits, between chunks, until the client has read the previous one: an answer that was buffered
// could never get there, so these tests can only pass when the body really streams.

const servers: ListeningServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

async function start(target: Parameters<typeof listen>[0], options: Parameters<typeof listen>[1] = {}) {
  const server = await listen(target, { port: 0, host: '127.0.0.1', handleSignals: false, ...options })
  servers.push(server)
  return server
}

function quietLogger(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = []
  const log = (...args: unknown[]) => void lines.push(args)
  return { lines, debug: log, info: log, warn: log, error: log }
}

/** A promise and its resolver, to let a producer go on. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

/** Opens a request and resolves with the response as soon as its head arrives. */
function get(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, resolve)
    req.on('error', reject)
    req.end()
  })
}

/** The next chunk the client reads. */
function nextChunk(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    res.once('data', (chunk: Buffer) => {
      res.pause()
      resolve(chunk.toString('utf8'))
    })
    res.once('error', reject)
    res.resume()
  })
}

/** The rest of the body, and whether it ended cleanly. */
function rest(res: IncomingMessage): Promise<{ text: string; complete: boolean }> {
  return new Promise((resolve) => {
    let text = ''
    res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    res.on('end', () => resolve({ text, complete: res.complete }))
    res.on('error', () => resolve({ text, complete: false }))
    res.on('aborted', () => resolve({ text, complete: false }))
    res.resume()
  })
}

describe('listen() streaming', () => {
  it('writes a handle() body stream to the socket chunk by chunk, head first', async () => {
    const step = gate()
    const server = await start(
      handle(() => ({
        statusCode: 200,
        headers: { 'content-type': 'text/event-stream' },
        cookies: ['a=1', 'b=2'],
        body: (async function* () {
          yield 'data: one\n\n'
          await step.opened
          yield 'data: two\n\n'
        })(),
      })),
    )
    const res = await get(`${server.url}/events`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/event-stream')
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2'])
    expect(await nextChunk(res)).toBe('data: one\n\n')
    step.open()
    expect(await rest(res)).toEqual({ text: 'data: two\n\n', complete: true })
  })

  it('writes a fetch app\'s ReadableStream body as it is produced', async () => {
    const step = gate()
    const app = new Hono().get('/tokens', () => {
      let n = 0
      return new Response(new ReadableStream({
        async pull(controller) {
          if (n === 1) await step.opened
          if (n < 2) controller.enqueue(new TextEncoder().encode(`token${n++} `))
          else controller.close()
        },
      }))
    })
    const server = await start(serve(app))
    const res = await get(`${server.url}/tokens`)
    expect(await nextChunk(res)).toBe('token0 ')
    step.open()
    expect(await rest(res)).toEqual({ text: 'token1 ', complete: true })
  })

  it('stops the body\'s source when the client disconnects', async () => {
    let stopped = false
    const server = await start(
      handle(() => ({
        statusCode: 200,
        body: Readable.from((async function* () {
          try {
            for (;;) {
              yield 'tick\n'
              await new Promise((resolve) => setTimeout(resolve, 5))
            }
          } finally {
            stopped = true
          }
        })()),
      })),
      { logger: quietLogger() },
    )
    const res = await get(`${server.url}/forever`)
    expect(await nextChunk(res)).toContain('tick')
    res.destroy()
    await vi.waitFor(() => expect(stopped).toBe(true))
  })

  it('cuts the connection when a body stream fails after the head, so the client cannot take it for whole', async () => {
    const logger = quietLogger()
    const server = await start(
      handle(() => ({
        statusCode: 200,
        body: (async function* () {
          yield 'partial'
          await new Promise((resolve) => setTimeout(resolve, 5))
          throw new Error('source failed')
        })(),
      })),
      { logger },
    )
    const res = await get(`${server.url}/broken`)
    const body = await rest(res)
    expect(body).toEqual({ text: 'partial', complete: false })
    expect(logger.lines.some((l) => l[0] === 'faasport: the app failed after it started responding' && (l[1] as Error).message === 'source failed')).toBe(true)
  })

  it('closes a Node app\'s response when the client disconnects mid-stream, so it stops producing', async () => {
    let closed = false
    const app = express().get('/sse', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const timer = setInterval(() => res.write('data: x\n\n'), 5)
      res.on('close', () => {
        clearInterval(timer)
        closed = true
      })
    })
    const server = await start(serve(app, { stream: true }))
    const res = await get(`${server.url}/sse`)
    expect(await nextChunk(res)).toContain('data: x')
    res.destroy()
    await vi.waitFor(() => expect(closed).toBe(true))
  })
})
