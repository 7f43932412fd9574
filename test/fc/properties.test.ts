import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as events from '../../adapters/fc/factories.js'
import { fcProvider } from '../../adapters/fc/index.js'
import { handle, serve } from '../../src/entries/fc.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { createExpress5 } from '../helpers/apps.js'
import { anyValue, arbitraryEvents, claimedBy, expectHandled, mutatedEvents, runs } from '../helpers/property.js'

// Arbitrary and mutated FC events, delivered as Buffers like the platform does: a request, a 4xx or a typed
// error, never a crash, a hang or a polluted prototype.

const readEverything = handle((req) => ({ m: req.method, p: req.path, h: req.headers, q: req.query, rq: req.rawQuery, c: req.cookies, b: req.body?.length ?? null, ip: req.sourceIp ?? null, params: req.params }))
const express = serve(createExpress5())

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

const asBuffer = (event: unknown) => Buffer.from(JSON.stringify(event) ?? 'null')

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

describe.each([
  { name: 'aliyun/http-v3', valid: init.map((i) => events.httpV3Event(i)), fields: ['version', 'rawPath', 'headers', 'queryParameters', 'body', 'isBase64Encoded', 'requestContext'] },
  { name: 'aliyun/apigw', valid: init.map((i) => events.apiGatewayEvent(i)), fields: ['path', 'httpMethod', 'headers', 'queryParameters', 'pathParameters', 'body', 'isBase64Encoded'] },
])('$name', ({ name, valid, fields }) => {
  const context = events.fcContext()

  it('valid events always reach the handler', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await expectHandled(readEverything, name, asBuffer(event), context)).toBe('ok')
      }),
      { numRuns: runs(100) },
    )
  })

  it('mutated events give a request, a 4xx or a typed error, directly and through Express', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        const trigger = claimedBy(fcProvider.adapters, event, name)
        await expectHandled(readEverything, trigger, asBuffer(event), context)
        await expectHandled(express, trigger, asBuffer(event), context)
      }),
      { numRuns: runs(300) },
    )
  })

  it('arbitrary objects and bytes never crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbitraryEvents(fields).map(asBuffer), fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b))), async (event) => {
        const outcome = await readEverything(event, context).then(
          (result: { statusCode: number }) => result.statusCode,
          (error: { code?: string }) => error.code,
        )
        expect(outcome === 'UNSUPPORTED_EVENT' || (typeof outcome === 'number' && outcome < 500)).toBe(true)
      }),
      { numRuns: runs(300) },
    )
  })
})

describe('aliyun/http-v2', () => {
  it('requests with arbitrary fields answer through resp or fail typed, never crash', async () => {
    const fields = fc.record({ headers: anyValue, path: anyValue, method: anyValue, queries: anyValue, clientIP: anyValue }, { requiredKeys: [] })
    await fc.assert(
      fc.asyncProperty(init, fields, async (i, override) => {
        const { req, resp } = events.httpV2(i)
        Object.assign(req, override)
        const outcome = await readEverything(req, resp, events.fcContext()).then(
          () => 'answered',
          (error: { code?: string }) => error.code,
        )
        expect(outcome).toBe('answered')
        expect(resp.recorded.sends).toBe(1)
        expect(resp.recorded.statusCode).toBeLessThan(500)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(200) },
    )
  })
})
