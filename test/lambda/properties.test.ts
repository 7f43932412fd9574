import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { handle, on, serve } from '../../src/index.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { createExpress5 } from '../helpers/apps.js'
import { anyValue, arbitraryEvents, claimedBy, expectHandled, mutatedEvents, runs } from '../helpers/property.js'
import { lambdaProvider } from '../../adapters/lambda/index.js'

// Property tests for every Lambda HTTP normaliser: valid, mutated and arbitrary events never crash.

const readEverything = handle((req) => {
  // Touch every lazily decoded part, so a reader bug cannot hide behind laziness.
  return {
    m: req.method,
    p: req.path,
    u: req.url,
    h: req.headers,
    q: req.query,
    rq: req.rawQuery,
    c: req.cookies,
    b: req.body?.length ?? null,
    ip: req.sourceIp ?? null,
    params: req.params,
  }
})
const express = serve(createExpress5())

const init: fc.Arbitrary<HttpEventInit> = fc.record(
  {
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    path: fc.oneof(fc.constantFrom('/', '/echo', '/a%20b', '/%E4%BD%A0', '/x?y=1&y=2'), fc.webPath()),
    query: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 })), { maxKeys: 4 }),
    headers: fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,12}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 })), { maxKeys: 4 }),
    cookies: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), { maxKeys: 3 }),
    body: fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ maxLength: 50 }), fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 3 })),
  },
  { requiredKeys: [] },
)

const triggers = [
  { name: 'aws/apigw-v1', valid: init.map((i) => aws.apiGatewayV1(i)), fields: ['resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'requestContext', 'body', 'isBase64Encoded'] },
  { name: 'aws/apigw-v2', valid: init.map((i) => aws.apiGatewayV2(i)), fields: ['version', 'routeKey', 'rawPath', 'rawQueryString', 'cookies', 'headers', 'queryStringParameters', 'requestContext', 'body', 'isBase64Encoded'] },
  { name: 'aws/function-url', valid: init.map((i) => aws.functionUrl(i)), fields: ['version', 'rawPath', 'rawQueryString', 'cookies', 'headers', 'requestContext', 'body', 'isBase64Encoded'] },
  { name: 'aws/alb', valid: fc.tuple(init, fc.boolean()).map(([i, multiValue]) => aws.alb({ ...i, multiValue })), fields: ['requestContext', 'httpMethod', 'path', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'body', 'isBase64Encoded'] },
]

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

describe.each(triggers)('$name', ({ name, valid, fields }) => {
  const context = aws.lambdaContext()

  it('valid events always reach the handler', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        if ((await expectHandled(readEverything, name, event, context)) !== 'ok') throw new Error('a valid event was refused')
      }),
      { numRuns: runs(150) },
    )
  })

  it('mutated events give a request, a 4xx or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        await expectHandled(readEverything, claimedBy(lambdaProvider.adapters, event, name), event, context)
      }),
      { numRuns: runs(400) },
    )
  })

  it('mutated events through Express give a response, a 4xx or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        await expectHandled(express, claimedBy(lambdaProvider.adapters, event, name), event, context)
      }),
      { numRuns: runs(100) },
    )
  })

  it('arbitrary objects with the trigger’s field names never crash', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEvents([...fields, 'version', 'requestContext']), async (event) => {
        // Whatever the object turns out to be, the outcome is decoded by the adapter that claimed it.
        const outcome = await readEverything(event, context).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        )
        if ('error' in outcome) {
          if ((outcome.error as { code?: string }).code !== 'UNSUPPORTED_EVENT') throw outcome.error
        } else if ((outcome.result as { statusCode: number }).statusCode >= 500) {
          throw new Error(`500 for ${JSON.stringify(event)}`)
        }
      }),
      { numRuns: runs(300) },
    )
  })
})

describe('event normalisers', () => {
  const everyRoute = on({
    timer: (t) => void [t.scheduledTime, t.payload, t.triggerName],
    storage: (s) => void [s.bucket, s.key, s.size, s.action],
    queue: (m) => void [m.body, m.attributes, m.messageId],
    event: (e) => void [e.id, e.type, e.data],
  })
  const sources = [
    fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.record({ body: fc.string({ maxLength: 20 }), attributes: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }) })), { minLength: 1, maxLength: 4 }).map((m) => aws.sqs(m)),
    fc.record({ message: fc.string({ maxLength: 20 }), subject: fc.string({ maxLength: 10 }) }).map((i) => aws.sns(i)),
    fc.record({ key: fc.string({ maxLength: 20 }), bucket: fc.stringMatching(/^[a-z0-9-]{3,10}$/), eventName: fc.constantFrom('ObjectCreated:Put', 'ObjectRemoved:Delete') }).map((i) => aws.s3(i)),
    fc.record({ rule: fc.string({ maxLength: 10 }), detail: fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 2 }) }).map((i) => aws.scheduled(i)),
    fc.record({ source: fc.string({ maxLength: 10 }), detailType: fc.string({ maxLength: 10 }), detail: anyValue }).map((i) => aws.eventBridge(i)),
  ]

  it('mutated Lambda events give records, a typed error, or a reported batch failure', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(fc.oneof(...sources)), async (event) => {
        const outcome = await everyRoute(event, aws.lambdaContext()).then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        )
        expect(['ok', 'BATCH_FAILED', 'INVALID_EVENT', 'UNSUPPORTED_EVENT']).toContain(outcome)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(500) },
    )
  })
})
