import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as hw from '../../adapters/huawei/factories.js'
import { huaweiProvider } from '../../adapters/huawei/index.js'
import { huaweiKit } from '../../adapters/huawei/kit.js'
import { handle, on, serve } from '../../src/entries/huawei.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { adapterName } from '../../src/model/index.js'
import { createExpress5 } from '../helpers/apps.js'
import { anyValue, arbitraryEvents, expectHandled, mutatedEvents, runs } from '../helpers/property.js'

// Arbitrary and mutated FunctionGraph events (documented shapes, built by the test-kit factories): a request, a
// 4xx or a typed error over HTTP; records, a typed error or a reported batch failure through on(). Never a crash,
// a hang or a polluted prototype.


beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

const ctx = () => hw.huaweiContext()
const readAll = handle((req) => ({ method: req.method, path: req.path, query: { ...req.query }, body: req.text(), ip: req.sourceIp ?? null, params: { ...req.params }, cookies: { ...req.cookies } }))

const init: fc.Arbitrary<HttpEventInit> = fc.record(
  {
    method: fc.constantFrom('GET', 'POST', 'DELETE'),
    path: fc.oneof(fc.constantFrom('/', '/a%20b', '/x?flag&y=1&y=2'), fc.webPath()),
    query: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 3 })), { maxKeys: 3 }),
    headers: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
    body: fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
  },
  { requiredKeys: [] },
)

const fields = ['requestContext', 'headers', 'pathParameters', 'queryStringParameters', 'path', 'httpMethod', 'body', 'isBase64Encoded']

describe('huawei/apig properties', () => {
  const express = serve(createExpress5())
  const valid = init.map((i) => hw.apig(i))

  it('valid events reach the handler; mutated ones give a request, a 4xx or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await expectHandled(readAll, 'huawei/apig', event, ctx())).toBe('ok')
      }),
      { numRuns: runs(100) },
    )
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        const context = ctx()
        const claimed = huaweiProvider.adapters.find((a) => a.matches(event, context))
        const trigger = claimed ? adapterName(claimed) : 'huawei/apig'
        await expectHandled(readAll, trigger, event, context)
        await expectHandled(express, trigger, event, ctx())
      }),
      { numRuns: runs(250) },
    )
  })

  it('arbitrary objects with the trigger’s field names never crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbitraryEvents(fields), fc.record({ requestContext: fc.record({ apiId: fc.string() }), headers: anyValue, queryStringParameters: anyValue, body: anyValue })), async (event) => {
        const outcome = await readAll(event, ctx()).then(
          (result: { statusCode: number }) => result.statusCode,
          (error: { code?: string }) => error.code,
        )
        expect(outcome === 'UNSUPPORTED_EVENT' || (typeof outcome === 'number' && outcome < 500)).toBe(true)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(300) },
    )
  })
})

const everyRoute = on({
  timer: (t) => void [t.scheduledTime, t.payload, t.triggerName, t.data],
  storage: (s) => void [s.bucket, s.key, s.size, s.action],
  queue: (m) => void [m.body, m.attributes, m.messageId, m.queue],
})

async function outcome(event: unknown): Promise<string> {
  return everyRoute(event, ctx()).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? `untyped: ${String(error)}`,
  )
}

const text = fc.string({ maxLength: 20 })
const sources: Record<string, fc.Arbitrary<unknown>> = {
  'huawei/timer': fc.record({ triggerName: text, userEvent: text }).map((i) => hw.timer(i)),
  'huawei/obs': fc.record({ bucket: fc.stringMatching(/^[a-z0-9-]{3,10}$/), key: text, format: fc.constantFrom('obs' as const, 's3' as const) }).map((i) => hw.obs(i)),
  'huawei/smn': fc.array(fc.record({ message: text, subject: text, attributes: fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 2 }) }), { minLength: 1, maxLength: 3 }).map((m) => hw.smn(m)),
  'huawei/dms': fc.tuple(fc.array(text, { minLength: 1, maxLength: 4 }), fc.constantFrom('KAFKA' as const, 'ROCKETMQ' as const)).map(([m, type]) => hw.dms(m, { type })),
}

describe.each(Object.entries(sources))('%s properties', (_name, valid) => {
  it('valid events run every record', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await outcome(event)).toBe('ok')
      }),
      { numRuns: runs(60) },
    )
  })

  it('mutated events give records, a typed error, or a reported batch failure', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        expect(['ok', 'BATCH_FAILED', 'INVALID_EVENT', 'UNSUPPORTED_EVENT']).toContain(await outcome(event))
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(200) },
    )
  })
})
