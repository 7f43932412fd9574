import { Readable } from 'node:stream'
import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions'
import express from 'express'
import { describe, expect, it, vi } from 'vitest'
import { handle, serve } from '../../src/entries/azure.js'
import { handle as handleAnywhere } from '../../src/index.js'

// Streamed answers on Azure Functions v4. With `app.setup({ enableHttpStream: true })` the host sends an
// HttpResponseInit whose body is a ReadableStream as it is read (node_modules/@azure/functions/src/http/httpProxy.ts
// pipes `response.body` to the client); without it, toRpcHttp.ts awaits `response.arrayBuffer()`. Both go through
// `new HttpResponse(init)`, as here ("Azure Functions Node.js developer guide", HTTP streams:
// https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4#http-streams).

const context = () =>
  new InvocationContext({ invocationId: 'stream-1', functionName: 'api', options: { trigger: { type: 'httpTrigger', name: 'req' }, extraInputs: [], extraOutputs: [] } as never, logHandler: () => {} })
const get = (path: string) => new HttpRequest({ method: 'GET', url: `https://my-app.azurewebsites.net${path}`, headers: { host: 'my-app.azurewebsites.net' } })

/** A gate the reader opens once it has a chunk: code that waits on it proves the answer is read while it is produced. */
function gate() {
  let open!: () => void
  const opened = new Promise<'live'>((resolve) => (open = () => resolve('live')))
  return { open, waitOrGiveUp: () => Promise.race([opened, new Promise<'buffered'>((resolve) => setTimeout(() => resolve('buffered'), 3000))]) }
}

async function readAll(body: ReadableStream<Uint8Array>, onChunk?: (text: string) => void): Promise<string> {
  const reader = body.getReader()
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text
    const chunk = Buffer.from(value).toString()
    text += chunk
    onChunk?.(chunk)
  }
}

describe('stream: true on Azure Functions', () => {
  it('returns the head at once with a ReadableStream body that carries each Express write as it happens', async () => {
    const g = gate()
    const app = express()
    app.get('/events', async (_req, res) => {
      res.setHeader('content-type', 'text/event-stream')
      res.cookie('seen', '1')
      res.cookie('theme', 'dark')
      res.write('data: first\n\n')
      res.write(`data: ${await g.waitOrGiveUp()}\n\n`)
      res.end()
    })
    const init = await serve(app, { stream: true })(get('/events'), context())
    const response = new HttpResponse(init)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(response.cookies.map((c) => [c.name, c.value])).toEqual([
      ['seen', '1'],
      ['theme', 'dark'],
    ])
    const text = await readAll(response.body!, (chunk) => chunk.includes('first') && g.open())
    expect(text).toBe('data: first\n\ndata: live\n\n')
  })

  it('streams a handle() body source, and the same init is read whole where the host does not stream', async () => {
    async function* tokens() {
      yield 'one '
      yield new Uint8Array([0x74, 0x77, 0x6f])
    }
    const entry = handle(() => ({ statusCode: 201, headers: { 'content-type': 'text/plain' }, body: tokens() }), { stream: true })
    const init = await entry(get('/'), context())
    expect(init.body).toBeInstanceOf(ReadableStream)
    const response = new HttpResponse(init)
    expect(response.status).toBe(201)
    // Non-streaming mode: toRpcHttp.ts reads the whole body with arrayBuffer().
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('one two')
  })

  it('passes the reader’s pace on: a producer that writes more than the stream holds waits for drain', async () => {
    const app = express()
    let writesRefused = 0
    app.get('/big', (_req, res) => {
      res.setHeader('content-type', 'application/octet-stream')
      let left = 64
      const pump = () => {
        while (left > 0) {
          left--
          if (!res.write(Buffer.alloc(16 * 1024, 1))) {
            writesRefused++
            return void res.once('drain', pump)
          }
        }
        res.end()
      }
      pump()
    })
    const init = await serve(app, { stream: true })(get('/big'), context())
    const reader = (new HttpResponse(init).body as ReadableStream<Uint8Array>).getReader()
    let bytes = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
    }
    expect(bytes).toBe(64 * 16 * 1024)
    expect(writesRefused).toBeGreaterThan(0)
  })

  it('stops the app when the client goes away (the reader cancels)', async () => {
    const closed = new Promise<string>((resolve) => {
      const app = express()
      app.get('/endless', (_req, res) => {
        res.setHeader('content-type', 'text/plain')
        const timer = setInterval(() => res.write('tick\n'), 2)
        res.on('close', () => {
          clearInterval(timer)
          resolve('closed')
        })
      })
      void serve(app, { stream: true })(get('/endless'), context()).then(async (init) => {
        const reader = (init.body as ReadableStream<Uint8Array>).getReader()
        await reader.read()
        await reader.cancel()
      })
    })
    expect(await closed).toBe('closed')
  })

  it('ends the body as a failure when the source fails after the head went out, and logs it once', async () => {
    const logged: string[] = []
    const logging = new InvocationContext({
      invocationId: 'stream-2',
      functionName: 'api',
      options: { trigger: { type: 'httpTrigger', name: 'req' }, extraInputs: [], extraOutputs: [] } as never,
      logHandler: (level, ...args) => void logged.push(`${level}: ${args.map(String).join(' ')}`),
    })
    const parts = Readable.from(
      (async function* () {
        yield 'part'
        throw new Error('source broke')
      })(),
    )
    const init = await handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: parts }), { stream: true })(get('/'), logging)
    const outcome = await readAll(init.body).then(
      (text) => `ended cleanly: ${text}`,
      (error: Error) => `cut: ${error.message}`,
    )
    expect(outcome).toMatch(/^cut:/)
    // Through the context's logger, as every faasport log line on Azure.
    expect(logged.filter((l) => l.startsWith('error: ') && l.includes('failed after its head went out'))).toHaveLength(1)
  })

  it('answers a failure before the head with the usual 500, through the stream', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const init = await handle(
      () => {
        throw new Error('secret')
      },
      { stream: true },
    )(get('/'), context())
    errors.mockRestore()
    const response = new HttpResponse(init)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'Internal Server Error' })
  })

  it('streams the same way from the all-clouds entry, which also holds the Lambda streaming form', async () => {
    async function* parts() {
      yield 'a'
      yield 'b'
    }
    const init = await handleAnywhere(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: parts() }), { stream: true })(get('/'), context())
    expect(init.body).toBeInstanceOf(ReadableStream)
    expect(await readAll(init.body)).toBe('ab')
  })

  it('without the option, answers whole with body bytes', async () => {
    const init = await handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'whole' }))(get('/'), context())
    expect(init.body).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(init.body).toString()).toBe('whole')
  })
})
