import { describe, expect, it, vi } from 'vitest'
import { serve } from '../../src/index.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { ALL_BYTES, frameworks, GZIPPED_JSON, PNG } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'
import type { HttpTriggerKit } from '../../src/model/index.js'
import { contextFor, httpTriggers, triggerLabel } from '../helpers/triggers.js'

// Every framework x every HTTP trigger of every provider x every behaviour, through both calling conventions
// (responder-style triggers such as FC 2.0 answer through their response object instead).

type Convention = 'async' | 'callback' | 'responder'

async function call(entry: ReturnType<typeof serve>, trigger: HttpTriggerKit, init: HttpEventInit, convention: Convention) {
  const context = contextFor(trigger)
  if (trigger.call) return decodePlatformResult(trigger, await trigger.call(entry, init, context))
  const event = trigger.event(init)
  if (convention === 'async') return decodePlatformResult(trigger, await entry(event, context))
  let calls = 0
  const result = await new Promise((resolve, reject) => {
    const returned = entry(event, context, (error: unknown, value?: unknown) => {
      calls++
      if (error) reject(error)
      else resolve(value)
    })
    expect(returned).toBeInstanceOf(Promise)
  })
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(calls).toBe(1)
  return decodePlatformResult(trigger, result)
}

describe.each(frameworks)('$name', ({ name, create }) => {
  const entry = serve(create())

  describe.each(httpTriggers.map((t) => ({ trigger: t, label: triggerLabel(t) })))('on $label', ({ trigger }) => {
    describe.each(trigger.call ? (['responder'] as const) : (['async', 'callback'] as const))('%s', (convention) => {
      it('parses a JSON POST body in the framework', async () => {
        const res = await call(entry, trigger, { method: 'POST', path: '/echo', body: { hello: 'wörld', n: [1, 2] } }, convention)
        expect(res.status).toBe(200)
        expect(res.json()).toMatchObject({ method: 'POST', body: { hello: 'wörld', n: [1, 2] } })
      })

      it('keeps repeated query keys and decodes values exactly once', async () => {
        const res = await call(entry, trigger, { path: '/echo?tag=a&tag=b&q=x%20y%2Bz&pct=100%25' }, convention)
        // A single-value ALB target group only receives the last value of a repeated key; FC 3.0 joins them.
        const tag = { last: 'b', joined: 'a,b', list: ['a', 'b'] }[trigger.traits.repeatedQuery]
        expect(res.json().query).toEqual({ tag, q: 'x y+z', pct: '100%' })
      })

      it('passes repeated request headers on', async () => {
        const res = await call(entry, trigger, { path: '/echo', headers: { 'X-Multi': ['one', 'two'] } }, convention)
        // Node joins repeats with ", "; API Gateway v2 and single-value ALB have already joined or dropped them.
        const multi = res.json().multi
        const expected = { joined: 'one,two', last: 'two', list: 'one, two' }[trigger.traits.repeatedHeaders]
        expect(multi).toBe(expected)
      })

      it('brings request cookies in and every Set-Cookie out', async () => {
        const echo = await call(entry, trigger, { path: '/echo', cookies: { a: '1', b: '2' } }, convention)
        expect(echo.json().cookie).toBe('a=1; b=2')
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
        const res = await call(entry, trigger, { path: '/cookies' }, convention)
        warn.mockRestore()
        expect(res.status).toBe(200)
        const names = res.cookies.map((c) => c.split('=')[0])
        if (trigger.traits.multipleCookies) {
          expect(names).toEqual(['session', 'theme'])
          expect(res.cookies[1]).toContain('2030')
        } else {
          expect(names).toEqual(['session'])
        }
      })

      it('returns a PNG byte for byte, base64-encoded', async () => {
        const res = await call(entry, trigger, { path: '/png' }, convention)
        // JSON results carry bytes as base64; responder triggers (FC 2.0) send the bytes themselves.
        expect(res.isBase64Encoded).toBe(!trigger.call)
        expect(res.headers['content-type']).toEqual(['image/png'])
        expect(res.body.equals(PNG)).toBe(true)
      })

      it('returns application/octet-stream with every byte value intact', async () => {
        const res = await call(entry, trigger, { path: '/octet' }, convention)
        // JSON results carry bytes as base64; responder triggers (FC 2.0) send the bytes themselves.
        expect(res.isBase64Encoded).toBe(!trigger.call)
        expect(res.body.equals(ALL_BYTES)).toBe(true)
      })

      it('returns a gzip-encoded JSON body as base64 bytes', async () => {
        const res = await call(entry, trigger, { path: '/gzip' }, convention)
        // JSON results carry bytes as base64; responder triggers (FC 2.0) send the bytes themselves.
        expect(res.isBase64Encoded).toBe(!trigger.call)
        expect(res.headers['content-encoding']).toEqual(['gzip'])
        expect(res.body.equals(GZIPPED_JSON)).toBe(true)
      })

      it('receives a binary request body byte for byte', async () => {
        const res = await call(entry, trigger, { method: 'POST', path: '/upload', body: ALL_BYTES }, convention)
        expect(res.status).toBe(200)
        expect(res.body.equals(ALL_BYTES)).toBe(true)
      })

      it('redirects', async () => {
        const res = await call(entry, trigger, { path: '/redirect' }, convention)
        expect(res.status).toBe(302)
        expect(res.headers['location']).toEqual(['/target?x=1'])
      })

      it('answers 204 without a body', async () => {
        const res = await call(entry, trigger, { path: '/empty' }, convention)
        expect(res.status).toBe(204)
        expect(res.body.length).toBe(0)
      })

      it('answers 304 without a body', async () => {
        const res = await call(entry, trigger, { path: '/cached' }, convention)
        expect(res.status).toBe(304)
        expect(res.body.length).toBe(0)
        expect(res.headers['etag']).toEqual(['"v1"'])
      })

      it('collects a streamed response into one body, without framing or hop-by-hop headers', async () => {
        const res = await call(entry, trigger, { path: '/stream' }, convention)
        expect(res.text()).toBe('one,two,three')
        expect(res.headers['transfer-encoding']).toBeUndefined()
        expect(res.headers['connection']).toBeUndefined()
      })

      it('answers a throwing route with a 500 that does not leak the error', async () => {
        const error = vi.spyOn(console, 'error').mockImplementation(() => {})
        const res = await call(entry, trigger, { path: '/boom' }, convention)
        error.mockRestore()
        expect(res.status).toBe(500)
        expect(res.text()).not.toContain('secret failure detail')
        expect(res.text()).not.toContain('at ')
      })

      it('answers an unknown route with a 404', async () => {
        const res = await call(entry, trigger, { path: '/no/such/route' }, convention)
        expect(res.status).toBe(404)
      })
    })
  })

  it('keeps overlapping invocations apart: 100 at once, each answer carries its own request id', async () => {
    const trigger = httpTriggers[0]!
    const contexts = Array.from({ length: 100 }, () => contextFor(trigger) as { awsRequestId: string })
    const results = await Promise.all(contexts.map((context) => entry(trigger.event({ path: '/request-id' }), context)))
    const ids = results.map((r) => decodePlatformResult(trigger, r).json().requestId)
    expect(ids).toEqual(contexts.map((c) => c.awsRequestId))
    expect(new Set(ids).size).toBe(100)
  }, 20_000)

  it(`${name} sees the request id from getInvocation() through an async route`, async () => {
    const trigger = httpTriggers[1]!
    const context = contextFor(trigger) as { awsRequestId: string }
    const res = decodePlatformResult(trigger, await entry(trigger.event({ path: '/echo' }), context))
    expect(res.json().requestId).toBe(context.awsRequestId)
  })
})
