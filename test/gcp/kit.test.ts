import { describe, expect, it } from 'vitest'
import { events, httpTriggers, invoke, request } from '../../src/entries/testing.js'
import { handle, serve } from '../../src/entries/gcp.js'
import { handle as handleAnywhere } from '../../src/index.js'
import { createExpress5, createKoa3 } from '../helpers/apps.js'

// The test kit for Cloud Run functions: request() calls the entry with a framework-shaped (req, res) pair and
// reads back what reached res; invoke() calls CloudEvent functions with the event alone.

describe('faasport/testing for Cloud Run functions', () => {
  it('lists gcp/http among the triggers, with its traits', () => {
    expect(httpTriggers('gcp')).toEqual([{ provider: 'gcp', trigger: 'http', variant: undefined, label: 'gcp/http', traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true } }])
  })

  it.each([
    ['Express 5', createExpress5],
    ['Koa 3', createKoa3],
  ])('request() runs a %s app and reads every cookie and the JSON body back', async (_name, create) => {
    const entry = serve(create())
    const cookies = await request(entry, { provider: 'gcp', path: '/cookies' })
    expect(cookies.cookies.map((c) => c.split(';')[0])).toEqual(['session=abc', 'theme=dark'])
    const echo = await request(entry, { provider: 'gcp', method: 'POST', path: '/echo?a=1&a=2', body: { x: 1 }, headers: { 'function-execution-id': 'e-1' } })
    expect(echo.json()).toMatchObject({ body: { x: 1 }, query: { a: ['1', '2'] }, requestId: 'e-1' })
  })

  it('request() through the all-clouds entry detects Cloud Run functions', async () => {
    const res = await request(
      handleAnywhere((_req, inv) => ({ provider: inv.provider, trigger: inv.trigger })),
      { provider: 'gcp' },
    )
    expect(res.json()).toEqual({ provider: 'gcp', trigger: 'http' })
  })

  it('records each write of a streamed answer, and the head flushed before the body', async () => {
    async function* parts() {
      yield 'a'
      await new Promise((resolve) => setTimeout(resolve, 5))
      yield 'b'
    }
    const { req, res } = events.gcp.http({ path: '/' })
    await handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: parts() }), { stream: true })(req, res)
    const recorded = await res.finished
    expect(recorded.chunks.map((c) => c.data.toString())).toEqual(['a', 'b'])
    expect(recorded.headFlushedEarly).toBe(true)
    const { req: req2, res: res2 } = events.gcp.http({ path: '/' })
    await handle(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: parts() }))(req2, res2)
    expect((await res2.finished).chunks.map((c) => c.data.toString())).toEqual(['ab'])
  })

  it('invoke() runs an on() entry with a CloudEvent and no context, as the framework does', async () => {
    const { on } = await import('../../src/entries/gcp.js')
    const seen: string[] = []
    const entry = on({ queue: (m) => void seen.push(m.body), storage: (s) => void seen.push(`${s.action}:${s.key}`) })
    await invoke(entry, events.gcp.pubsub('hello'))
    await invoke(entry, events.gcp.storage({ name: 'x.txt', event: 'deleted' }))
    expect(seen).toEqual(['hello', 'removed:x.txt'])
  })
})
