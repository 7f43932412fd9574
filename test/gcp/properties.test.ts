import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as events from '../../adapters/gcp/factories.js'
import { handle, on, serve } from '../../src/entries/gcp.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { createExpress5 } from '../helpers/apps.js'
import { anyValue, arbitraryEvents, mutatedEvents, runs } from '../helpers/property.js'

// Arbitrary and mutated Cloud Run functions calls: HTTP requests as the framework hands them over with any field
// broken, and CloudEvents of every kind mutated: an answer through `res` below 500, or a typed error; never a
// crash, a hang or a polluted prototype.

const readEverything = handle((req) => ({ m: req.method, p: req.path, h: req.headers, q: req.query, rq: req.rawQuery, c: req.cookies, b: req.body?.length ?? null, ip: req.sourceIp ?? null }))
const express = serve(createExpress5())
const routes = on({ queue: (m) => void m.body, storage: (s) => void s.key, event: (e) => void e.data })

const init: fc.Arbitrary<HttpEventInit> = fc.record(
  {
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
    path: fc.oneof(fc.constantFrom('/', '/echo', '/a%20b', '/%E4%BD%A0', '/x?y=1&y=2'), fc.webPath()),
    query: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    headers: fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,12}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
    body: fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ maxLength: 50 })),
  },
  { requiredKeys: [] },
)

const HANG_MS = 5000
function settle<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS)))]).finally(() => clearTimeout(timer))
}

function unpolluted(): void {
  expect(Object.keys(Object.prototype)).toEqual([])
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

describe('gcp/http', () => {
  it('valid calls always reach the handler', async () => {
    await fc.assert(
      fc.asyncProperty(init, async (i) => {
        const { req, res } = events.http(i)
        await settle(readEverything(req, res))
        expect((await res.finished).statusCode).toBe(200)
        unpolluted()
      }),
      { numRuns: runs(100) },
    )
  })

  it('requests with arbitrary fields answer through res below 500, directly and through Express', async () => {
    const fields = fc.record(
      { headers: anyValue, headersDistinct: anyValue, url: anyValue, originalUrl: anyValue, method: anyValue, rawBody: anyValue, body: anyValue, executionId: anyValue, socket: anyValue },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(init, fields, async (i, override) => {
        for (const entry of [readEverything, express]) {
          const { req, res } = events.http(i)
          Object.assign(req, override)
          const outcome = await settle(
            entry(req, res).then(
              () => 'answered',
              (error: { code?: string }) => error.code,
            ),
          )
          // A request the override made unrecognisable (no method, no execution id) is refused as unsupported.
          if (outcome !== 'answered') expect(outcome).toBe('UNSUPPORTED_EVENT')
          else expect((await settle(res.finished)).statusCode).toBeLessThan(500)
          unpolluted()
        }
      }),
      { numRuns: runs(200) },
    )
  })
})

describe.each([
  { name: 'gcp/pubsub', valid: fc.record({ data: fc.oneof(fc.string(), fc.uint8Array({ maxLength: 40 })), attributes: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }) }).map((m) => events.pubsub(m)) },
  { name: 'gcp/storage', valid: fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }), size: fc.nat(), event: fc.constantFrom('finalized' as const, 'deleted' as const, 'archived' as const) }).map((s) => events.storage(s)) },
  { name: 'gcp/cloudevent', valid: fc.record({ type: fc.string({ minLength: 1, maxLength: 20 }), data: anyValue }).map((e) => events.cloudEvent(e)) },
])('$name', ({ valid }) => {
  const outcomeOf = (event: unknown) =>
    settle(
      routes(event, undefined).then(
        () => 'ok',
        (error: { code?: string }) => error.code ?? String(error),
      ),
    )

  it('valid events reach their route', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await outcomeOf(event)).toBe('ok')
        unpolluted()
      }),
      { numRuns: runs(100) },
    )
  })

  it('mutated events reach a route or fail typed', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        expect(await outcomeOf(event)).toMatch(/^(ok|UNSUPPORTED_EVENT|INVALID_EVENT)$/)
        unpolluted()
      }),
      { numRuns: runs(300) },
    )
  })

  it('arbitrary objects never crash', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEvents(['specversion', 'id', 'source', 'type', 'subject', 'time', 'data', 'datacontenttype']), async (event) => {
        expect(await outcomeOf(event)).toMatch(/^(ok|UNSUPPORTED_EVENT|INVALID_EVENT)$/)
        unpolluted()
      }),
      { numRuns: runs(300) },
    )
  })
})
