import express from 'express'
import { describe, expect, it } from 'vitest'
import { request } from '../../src/entries/testing.js'
import { handle, serve } from '../../src/index.js'

// request() reads a stream: true answer on every cloud whose answer can stream in-process: Cloud Run functions (the
// framework's res, written as it goes) and Azure Functions (a ReadableStream body), with each chunk as it came.

async function* parts() {
  yield 'one,'
  await new Promise((resolve) => setTimeout(resolve, 5))
  yield 'two'
}

describe.each([{ provider: 'gcp' as const }, { provider: 'azure' as const }])('request() on $provider with stream: true', ({ provider }) => {
  it('reads a handle() body source as chunks, and reports the answer as streamed', async () => {
    const res = await request(handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: parts() }), { stream: true }), { provider })
    expect(res.status).toBe(200)
    expect(res.text()).toBe('one,two')
    expect(res.streamed).toBe(true)
    expect(res.chunks.map((c) => c.data.toString())).toEqual(['one,', 'two'])
  })

  it('reads every cookie of a streamed Express answer', async () => {
    const app = express()
    app.get('/', (_req, res) => {
      res.cookie('a', '1').cookie('b', '2')
      res.write('x')
      res.end('y')
    })
    const res = await request(serve(app, { stream: true }), { provider })
    expect(res.cookies.map((c) => c.split(';')[0])).toEqual(['a=1', 'b=2'])
    expect(res.text()).toBe('xy')
  })

  it('reports a buffered answer as not streamed', async () => {
    const res = await request(handle(() => 'whole'), { provider })
    expect([res.streamed, res.text()]).toEqual([false, 'whole'])
  })
})
