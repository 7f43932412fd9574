import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as scf from '../../adapters/scf/factories.js'
import { scfProvider } from '../../adapters/scf/index.js'
import { handle, serve, type Invocation } from '../../src/entries/scf.js'
import type { HttpEventInit } from '../../src/model/event-init.js'
import { createExpress5 } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'
import { anyValue, arbitraryEvents, claimedBy, expectHandled, mutatedEvents, runs } from '../helpers/property.js'

const shared = join(__dirname, '..', '..', '..', 'shared', 'fixtures')
const present = existsSync(shared)
const fixture = (name: string) => JSON.parse(readFileSync(join(shared, name), 'utf8'))
// The project's own fixtures, written from the documented shapes; the shared captures are checked too when present.
const owned = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'scf', name), 'utf8'))
const ctx = () => scf.scfContext()
const readAll = handle((req) => ({ method: req.method, path: req.path, query: { ...req.query }, body: req.text(), ip: req.sourceIp ?? null, params: { ...req.params }, host: req.header('host') ?? null }))

afterEach(() => {
  vi.restoreAllMocks()
})

function quiet() {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
}

describe('SCF API Gateway trigger', () => {
  it('answers with the integration response, one Set-Cookie as a string and several as a list', async () => {
    const one = handle(() => ({ statusCode: 201, cookies: ['a=1'], headers: { 'content-type': 'text/plain' }, body: 'ok' }))
    expect(await one(scf.apiGateway(), ctx())).toEqual({ isBase64Encoded: false, statusCode: 201, headers: { 'content-type': 'text/plain', 'set-cookie': 'a=1' }, body: 'ok' })
    const two = handle(() => ({ statusCode: 200, cookies: ['a=1', 'b=2; Expires=Tue, 01 Jan 2030 00:00:00 GMT'], body: '' }))
    expect(await two(scf.apiGateway(), ctx())).toEqual({ isBase64Encoded: false, statusCode: 200, headers: { 'set-cookie': ['a=1', 'b=2; Expires=Tue, 01 Jan 2030 00:00:00 GMT'] }, body: '' })
  })

  it('reads an API Gateway event: queryString lists, a bare flag as true, path parameters, the source IP', async () => {
    const res = decodePlatformResult('tencent/apigw', await readAll(owned('apigw.json'), ctx()))
    expect(res.json()).toEqual({
      method: 'GET',
      path: '/shop/items/42',
      query: { tag: ['green', 'black'], q: 'oolong tea', preview: '' },
      body: '',
      ip: '198.51.100.23',
      params: { id: '42' },
      host: 'service-k3m9q2lz-1250000000.gz.apigw.tencentcs.com',
    })
  })

  it.skipIf(!present)('reads the Tencent capture: queryString lists, a bare flag as true, lower-case headers, the source IP', async () => {
    const res = decodePlatformResult('tencent/apigw', await readAll(fixture('scf-apigw.json'), ctx()))
    expect(res.json()).toEqual({
      method: 'GET',
      path: '/ritchiechen-apigw-test',
      query: { a: ['b', 'c'], x: 'y', i: '' },
      body: '',
      ip: '8.8.8.8',
      params: {},
      host: 'service-xxx-123456.ap-shanghai.apigateway.myqcloud.com',
    })
  })

  it.skipIf(!present)('reads the documented sample: a POST body, path parameters, queryString over queryStringParameters', async () => {
    const res = decodePlatformResult('tencent/apigw', await readAll(fixture('scf-apigw.doc-sample.json'), ctx()))
    expect(res.json()).toMatchObject({ method: 'POST', path: '/test/value', query: { foo: 'bar', bob: 'alice' }, body: '{"test":"body"}', params: { path: 'value' }, ip: '10.0.2.14' })
  })

  it('factories take a query with a broken % escape, as the gateway passes it on', () => {
    expect(scf.apiGateway({ path: '/x?%ZZ&flag&a=%E0' }).queryString).toEqual({ '%ZZ': true, flag: true, a: '\uFFFD' })
    expect(scf.functionUrl({ path: '/x?%ZZ' }).queryString).toEqual({ '%ZZ': true })
  })

  it('strips the service path prefix with basePath', async () => {
    let path = ''
    await handle((req) => {
      path = req.path
      return ''
    }, { basePath: '/ritchiechen-apigw-test' })(scf.apiGateway({ path: '/ritchiechen-apigw-test/users/7', apiPath: '/ritchiechen-apigw-test' }), ctx())
    expect(path).toBe('/users/7')
  })

  it('main_handler works async and with a callback, and sets callbackWaitsForEmptyEventLoop', async () => {
    const context = ctx()
    const callback = vi.fn()
    const result = await serve(createExpress5())(scf.apiGateway({ path: '/echo?x=1' }), context, callback)
    expect(callback).toHaveBeenCalledExactlyOnceWith(null, result)
    expect(context.callbackWaitsForEmptyEventLoop).toBe(false)
    expect(decodePlatformResult('tencent/apigw', result).json().query).toEqual({ x: '1' })
  })
})

describe('SCF Function URL trigger', () => {
  it('reads a Function URL event (no requestContext, no isBase64Encoded), the client IP from x-forwarded-for', async () => {
    const res = decodePlatformResult('tencent/function-url', await readAll(owned('function-url.json'), ctx()))
    expect(res.json()).toEqual({ method: 'POST', path: '/orders', query: { page: '2', sort: 'desc' }, body: '{"item":"tea","count":3}', ip: '203.0.113.77', params: {}, host: '1250000000-abcdef1234.ap-guangzhou.tencentscf.com' })
  })

  it('reads one without queryString as a request without a query', async () => {
    const res = decodePlatformResult('tencent/function-url', await readAll(owned('function-url.no-query.json'), ctx()))
    expect(res.json()).toMatchObject({ method: 'GET', path: '/health', query: {}, body: '' })
  })

  it.skipIf(!present)('reads the documented event (no requestContext, no isBase64Encoded)', async () => {
    const res = decodePlatformResult('tencent/function-url', await readAll(fixture('scf-function-url.doc-sample.json'), ctx()))
    expect(res.json()).toMatchObject({ method: 'POST', path: '/', query: { a: '1', b: '2' }, body: '{"test":"hello world"}' })
  })

  it('answers binary bodies base64-encoded', async () => {
    const result = (await handle(() => new Uint8Array([0, 255]))(scf.functionUrl(), ctx())) as { body: string; isBase64Encoded: boolean }
    expect(result).toMatchObject({ isBase64Encoded: true, body: 'AP8=' })
  })
})

describe('the SCF context', () => {
  it('maps to the invocation, with the live remaining time', async () => {
    const context = scf.scfContext({ functionName: 'orders', functionVersion: '3', namespace: 'shop', memory: 256, timeoutMs: 5000, region: 'ap-shanghai' })
    let inv: Invocation | undefined
    await handle((_r, i) => {
      inv = i
      return ''
    })(scf.apiGateway(), context)
    expect({ provider: inv!.provider, trigger: inv!.trigger, id: inv!.requestId, fn: inv!.functionName, v: inv!.functionVersion, ns: inv!.namespace, mem: inv!.memoryLimitMB, region: inv!.region, account: inv!.accountId }).toEqual({
      provider: 'tencent',
      trigger: 'apigw',
      id: context.request_id,
      fn: 'orders',
      v: '3',
      ns: 'shop',
      mem: 256,
      region: 'ap-shanghai',
      account: '1250000000',
    })
    expect(inv!.remainingTimeMs()).toBeLessThanOrEqual(5000)
    expect(inv!.remainingTimeMs()).toBeGreaterThan(4000)
  })

  it('reads a context without getRemainingTimeInMillis, whose deadline comes from time_limit_in_ms', async () => {
    let inv: Invocation | undefined
    await handle((_r, i) => {
      inv = i
      return ''
    })(scf.apiGateway(), owned('context.json'))
    expect([inv!.requestId, inv!.functionName, inv!.functionVersion, inv!.namespace, inv!.memoryLimitMB, inv!.region, inv!.accountId]).toEqual([
      '8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b',
      'orders-api',
      '3',
      'shop',
      256,
      'ap-shanghai',
      '1250000000',
    ])
    expect(inv!.remainingTimeMs()).toBeLessThanOrEqual(5000)
    expect(inv!.remainingTimeMs()).toBeGreaterThan(4000)
  })

  it.skipIf(!present)('reads the shared SCF context fixture, whose deadline comes from time_limit_in_ms', async () => {
    const context = fixture('scf-context.json')
    let inv: Invocation | undefined
    await handle((_r, i) => {
      inv = i
      return ''
    })(scf.apiGateway(), context)
    expect([inv!.requestId, inv!.functionName, inv!.namespace, inv!.memoryLimitMB, inv!.region, inv!.accountId]).toEqual(['test-request-id-12345', 'test-function', 'default', 128, 'ap-guangzhou', '1234567890'])
    expect(inv!.remainingTimeMs()).toBeLessThanOrEqual(3000)
  })
})

describe('bad SCF input', () => {
  async function expect400(trigger: string, event: unknown, mention: string) {
    quiet()
    const res = decodePlatformResult(trigger, await readAll(event, ctx()))
    expect(res.status).toBe(400)
    expect(res.json().message).toContain(mention)
  }

  it('a queryString with nested objects', async () => {
    await expect400('tencent/apigw', { ...scf.apiGateway(), queryString: { filter: { deep: 1 } } }, 'queryString.filter must be a string (or true for a bare flag), got an object')
    await expect400('tencent/function-url', { ...scf.functionUrl(), queryString: { list: ['a', { b: 1 }] } }, 'queryString.list[1]')
  })

  it('isBase64Encoded: true with invalid base64', async () => {
    await expect400('tencent/apigw', { ...scf.apiGateway({ method: 'POST' }), body: 'not base64!', isBase64Encoded: true }, 'not valid base64')
  })

  it('a missing httpMethod', async () => {
    const event: Record<string, unknown> = { ...scf.apiGateway() }
    delete event.httpMethod
    await expect400('tencent/apigw', event, 'httpMethod is missing')
  })

  it('header values that are not strings', async () => {
    await expect400('tencent/apigw', { ...scf.apiGateway(), headers: { 'x-count': 3 } }, 'headers.x-count must be a string, got number')
  })
})

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

describe.each([
  { name: 'tencent/apigw', valid: init.map((i) => scf.apiGateway(i)), fields: ['requestContext', 'headers', 'headerParameters', 'pathParameters', 'queryString', 'queryStringParameters', 'path', 'httpMethod', 'body', 'isBase64Encoded'] },
  { name: 'tencent/function-url', valid: init.map((i) => scf.functionUrl(i)), fields: ['headers', 'httpMethod', 'path', 'queryString', 'body', 'isBase64Encoded'] },
])('$name properties', ({ name, valid, fields }) => {
  const express = serve(createExpress5())

  it('valid events reach the handler; mutated ones give a request, a 4xx or a typed error', async () => {
    quiet()
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await expectHandled(readAll, name, event, ctx())).toBe('ok')
      }),
      { numRuns: runs(100) },
    )
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        const trigger = claimedBy(scfProvider.adapters, event, name)
        await expectHandled(readAll, trigger, event, ctx())
        await expectHandled(express, trigger, event, ctx())
      }),
      { numRuns: runs(250) },
    )
  })

  it('arbitrary objects with the trigger’s field names never crash', async () => {
    quiet()
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbitraryEvents(fields), fc.record({ queryString: fc.dictionary(fc.string({ maxLength: 4 }), anyValue) })), async (event) => {
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
