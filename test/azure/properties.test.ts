import { HttpRequest, InvocationContext } from '@azure/functions'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { readSetCookie } from '../../adapters/azure/cookies.js'
import * as azure from '../../adapters/azure/factories.js'
import { azureKit, serializeCookie } from '../../adapters/azure/kit.js'
import { handle, on } from '../../src/entries/azure.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { anyValue, arbitraryEvents, expectHandled, mutatedEvents, runs } from '../helpers/property.js'
import { hostAnswer, streamModeSetCookie } from './host-answer.js'

// Arbitrary and mutated Azure inputs and contexts: a request, a 4xx or a typed error, never a crash, a hang or a
// polluted prototype. The HTTP request is the look-alike of @azure/functions' HttpRequest ("Azure Functions
// Node.js developer guide", HTTP request), in its plain-object form so that mutations reach every field.


const readEverything = handle((req) => ({ m: req.method, p: req.path, h: req.headers, q: req.query, rq: req.rawQuery, c: req.cookies, b: req.body?.length ?? null, ip: req.sourceIp ?? null, params: req.params }))

const init: fc.Arbitrary<HttpEventInit> = fc.record(
  {
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
    path: fc.oneof(fc.constantFrom('/', '/api/echo', '/a%20b', '/%E4%BD%A0', '/x?y=1&y=2'), fc.webPath()),
    query: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    headers: fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,12}$/), fc.stringMatching(/^[ -~]{0,20}$/), { maxKeys: 3 }),
    body: fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ maxLength: 50 })),
  },
  { requiredKeys: [] },
)

/** The plain-object form of a look-alike request: what mutations can reach. */
const plainRequest = init.map((i) => {
  const req = azure.httpRequest(i)
  const headers: Record<string, string> = {}
  for (const [k, v] of req.headers.entries()) headers[k] = v
  return { method: req.method, url: req.url, headers, params: { ...req.params }, body: i.body === undefined || req.method === 'GET' ? undefined : typeof i.body === 'string' ? i.body : Buffer.from(i.body as Uint8Array).toString('latin1') }
})

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

describe('azure/http', () => {
  it('valid requests (real Headers and body methods) always reach the handler', async () => {
    await fc.assert(
      fc.asyncProperty(init, async (i) => {
        expect(await expectHandled(readEverything, 'azure/http', azure.httpRequest(i), azure.azureContext())).toBe('ok')
      }),
      { numRuns: runs(100) },
    )
  })

  it('mutated requests give a request, a 4xx or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(plainRequest), async (event) => {
        await expectHandled(readEverything, 'azure/http', event, azure.azureContext())
      }),
      { numRuns: runs(200) },
    )
  })

  it('arbitrary objects from the request fields give a 4xx or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEvents(['method', 'url', 'headers', 'query', 'params', 'body', 'arrayBuffer']), async (event) => {
        await expectHandled(readEverything, 'azure/http', event, azure.azureContext())
      }),
      { numRuns: runs(200) },
    )
  })

  it('arbitrary contexts never crash the entry', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(fc.constant(JSON.parse(JSON.stringify(azure.azureContext())) as unknown)), async (context) => {
        const outcome = await readEverything(azure.httpRequest({ path: '/x' }), context).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        )
        if ('error' in outcome) expect((outcome.error as { code?: string }).code).toMatch(/^(UNSUPPORTED_EVENT|INVALID_EVENT)$/)
        else expect((outcome.result as { status: number }).status).toBeLessThan(500)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(100) },
    )
  })
})

describe('azure/http cookies', () => {
  const attribute = fc.oneof(
    fc.constantFrom('Path=/', 'Path=/caf\u00e9', 'Domain=example.com', 'Domain=.example.com', 'Domain=bad domain', 'Secure', 'HttpOnly', 'SameSite=Lax', 'SameSite=none', 'SameSite=weird', 'Max-Age=60', 'Max-Age=-1', 'Max-Age=1.5', 'Expires=Thu, 01 Jan 2030 00:00:00 GMT', 'Expires=garbage', 'Partitioned', 'Priority=High'),
    fc.string({ maxLength: 12 }),
  )
  const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/), fc.string({ maxLength: 6 }))
  const value = fc.oneof(fc.stringMatching(/^[A-Za-z0-9%._~-]{0,12}$/), fc.string({ maxLength: 12 }), fc.constantFrom('%', '%zz', 'a%2Fb', 'x y', '"q"', 'a!b', '\ud800', '%E4%BD%A0', 'abc/def=='))
  const setCookie = fc
    .tuple(name, value, fc.array(attribute, { maxLength: 4 }))
    .map(([n, v, attributes]) => [`${n}=${v}`, ...attributes].join('; '))
    .filter((header) => !/[\r\n\0]/.test(header))
  const entryFor = (list: string[]) => handle(() => ({ statusCode: 200, cookies: list, body: 'ok' }))
  const context = () => new InvocationContext({ invocationId: 'i', functionName: 'f', options: { trigger: { type: 'httpTrigger', name: 'req' } } as never, logHandler: () => {} })

  it('any Set-Cookie headers give an answer both host modes take; a cookie called exact comes out byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(setCookie, { minLength: 1, maxLength: 4 }), async (list) => {
        const result = await entryFor(list)(new HttpRequest({ method: 'GET', url: 'https://h/' } as never), context())
        // toRpcHttp's `new HttpResponse(init)`, then each cookie object as HTTP streaming mode and the host write it.
        const res = await hostAnswer(result)
        expect(res.status).toBe(200)
        const streamed = res.cookies.map(streamModeSetCookie)
        const hosted = res.cookies.map((c) => serializeCookie(c, result))
        if (res.headers['set-cookie'] !== undefined) {
          // Only a lone cookie goes as a header (a Headers object drops leading and trailing spaces and tabs, as HTTP does).
          expect(list).toHaveLength(1)
          expect(res.cookies).toEqual([])
          expect(res.headers['set-cookie']).toBe(list[0]!.replace(/^[\t ]+|[\t ]+$/g, ''))
          return
        }
        let next = 0
        for (const header of list) {
          const read = readSetCookie(header)
          if (!read.sendable) continue
          const i = next++
          if (read.lost.length > 0) continue
          // RFC 6265 §5.2: the name and the value without the spaces and tabs around them.
          const first = header.split(';')[0]!
          const eq = first.indexOf('=')
          const pair = `${first.slice(0, eq).replace(/^[\t ]+|[\t ]+$/g, '')}=${first.slice(eq + 1).replace(/^[\t ]+|[\t ]+$/g, '')}`
          expect(streamed[i]!.split(';')[0]).toBe(pair)
          expect(hosted[i]!.split(';')[0]).toBe(pair)
        }
        expect(next).toBe(res.cookies.length)
      }),
      { numRuns: runs(300) },
    )
  })
})

const events = on({ timer: () => {}, storage: () => {}, queue: () => {}, event: () => {} })

describe.each([
  { trigger: 'timerTrigger', valid: fc.constant(azure.timer()) },
  { trigger: 'blobTrigger', valid: fc.string().map((name) => azure.storageBlob({ name: name || 'n', content: name })) },
  { trigger: 'queueTrigger', valid: anyValue.map((m) => azure.storageQueue(JSON.stringify(m) ?? 'x')) },
  { trigger: 'serviceBusTrigger', valid: fc.array(anyValue, { maxLength: 4 }).map((list) => azure.serviceBusQueue(list, { cardinality: 'many' })) },
  { trigger: 'eventGridTrigger', valid: fc.boolean().map((cloud) => azure.eventGrid({ schema: cloud ? 'cloudevents' : 'eventgrid' })) },
])('$trigger', ({ valid }) => {
  async function run(input: unknown, context: unknown): Promise<void> {
    const outcome = await events(input, context).then(
      () => ({}),
      (error: unknown) => ({ error }),
    )
    if ('error' in outcome) expect((outcome.error as { code?: string }).code).toMatch(/^(UNSUPPORTED_EVENT|INVALID_EVENT|BATCH_FAILED)$/)
    expect(Object.keys(Object.prototype)).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  }

  it('valid calls run every record', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (call) => {
        await expect(events(call.input, call.context)).resolves.toBeUndefined()
      }),
      { numRuns: runs(50) },
    )
  })

  it('mutated inputs and trigger metadata give records or typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(valid, mutatedEvents(valid.map((c) => (c.input instanceof Uint8Array ? Array.from(c.input) : c.input))), mutatedEvents(valid.map((c) => c.context.triggerMetadata ?? {})), async (call, input, metadata) => {
        await run(input, { ...call.context, triggerMetadata: metadata })
      }),
      { numRuns: runs(150) },
    )
  })
})
