import { afterEach, describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { azureProvider } from '../../adapters/azure/index.js'
import { fcProvider } from '../../adapters/fc/index.js'
import { gcpProvider } from '../../adapters/gcp/index.js'
import { huaweiProvider } from '../../adapters/huawei/index.js'
import { lambdaProvider } from '../../adapters/lambda/index.js'
import { scfProvider } from '../../adapters/scf/index.js'
import { adapterName } from '../../src/model/index.js'
import { handle, serve, UnsupportedEventError } from '../../src/index.js'
import { createExpress5 } from '../helpers/apps.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

const defaultProviders = [azureProvider, huaweiProvider, lambdaProvider, fcProvider, scfProvider, gcpProvider]

// Malformed events: each gets a 400 naming the problem (or a typed error when nothing recognises the
// event), never a crash, a hang or a handler run on garbage.

const touchEverything = handle((req) => ({
  method: req.method,
  path: req.path,
  headers: req.headers,
  query: req.query,
  cookies: req.cookies,
  body: req.body?.length ?? null,
  ip: req.sourceIp ?? null,
  params: req.params,
}))
const express = serve(createExpress5())
const context = () => aws.lambdaContext()
// Every adapter the default entry asks, in detection order.
const everyAdapter = defaultProviders.flatMap((p) => p.adapters.map(adapterName))

afterEach(() => {
  vi.restoreAllMocks()
})

function quiet() {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
}

async function expect400(trigger: string, event: unknown, mention: string) {
  quiet()
  for (const entry of [touchEverything, express]) {
    const res = decodePlatformResult(trigger, await entry(event, context()))
    expect(res.status).toBe(400)
    expect(res.json().error).toBe('Bad Request')
    expect(res.json().message).toContain(mention)
  }
}

describe('malformed API Gateway v1 events', () => {
  it('missing httpMethod', async () => {
    const event: any = aws.apiGatewayV1({ path: '/echo' })
    delete event.httpMethod
    await expect400('aws/apigw-v1', event, 'httpMethod is missing')
  })

  it('httpMethod that is not a token', async () => {
    await expect400('aws/apigw-v1', { ...aws.apiGatewayV1(), httpMethod: 'GET /x' }, 'httpMethod is not an HTTP method')
    await expect400('aws/apigw-v1', { ...aws.apiGatewayV1(), httpMethod: 42 }, 'httpMethod must be a string, got number')
  })

  it('a body that is not a string', async () => {
    await expect400('aws/apigw-v1', { ...aws.apiGatewayV1({ method: 'POST', path: '/echo' }), body: { a: 1 } }, 'body must be a string, got object')
  })

  it('invalid base64 with isBase64Encoded', async () => {
    const event = { ...aws.apiGatewayV1({ method: 'POST', path: '/echo' }), body: 'not*base64!', isBase64Encoded: true }
    await expect400('aws/apigw-v1', event, 'body is flagged isBase64Encoded but is not valid base64')
  })

  it('an isBase64Encoded flag that is neither boolean nor "true"/"false"', async () => {
    const event = { ...aws.apiGatewayV1({ method: 'POST', path: '/echo', body: 'x' }), isBase64Encoded: 'yes' }
    await expect400('aws/apigw-v1', event, 'isBase64Encoded must be true or false')
  })

  it('non-string header values', async () => {
    const event = aws.apiGatewayV1({ path: '/echo' })
    ;(event.multiValueHeaders as any)['X-Number'] = [42]
    await expect400('aws/apigw-v1', event, 'multiValueHeaders.X-Number[0] must be a string, got number')
    const single: any = { ...aws.apiGatewayV1({ path: '/echo' }), multiValueHeaders: null }
    single.headers['X-Object'] = { nested: true }
    await expect400('aws/apigw-v1', single, 'headers.X-Object must be a string, got object')
  })

  it('a header map that is not an object', async () => {
    await expect400('aws/apigw-v1', { ...aws.apiGatewayV1({ path: '/echo' }), multiValueHeaders: null, headers: 'host: x' }, 'headers must be an object')
  })

  it('query values that are not strings', async () => {
    const event: any = aws.apiGatewayV1({ path: '/echo?a=1' })
    event.multiValueQueryStringParameters.a = [{ deep: 1 }]
    await expect400('aws/apigw-v1', event, 'multiValueQueryStringParameters.a[0] must be a string')
  })

  it('a path that is not a string', async () => {
    await expect400('aws/apigw-v1', { ...aws.apiGatewayV1(), path: ['/', 'x'] }, 'path must be a string, got an array')
  })
})

describe('malformed payload 2.0 and ALB events', () => {
  it('a v2 event without requestContext.http', async () => {
    const event: any = aws.apiGatewayV2({ path: '/echo' })
    delete event.requestContext.http
    await expect400('aws/apigw-v2', event, 'requestContext.http is missing')
  })

  it('a v2 event with a method that is not a string', async () => {
    const event: any = aws.apiGatewayV2({ path: '/echo' })
    event.requestContext.http.method = null
    await expect400('aws/apigw-v2', event, 'requestContext.http.method')
  })

  it('v2 cookies that are not a list of strings', async () => {
    await expect400('aws/function-url', { ...aws.functionUrl({ path: '/echo' }), cookies: 'a=1' }, 'cookies must be a list of strings')
  })

  it('ALB query values that are not strings', async () => {
    const event: any = aws.alb({ path: '/echo' })
    event.queryStringParameters = { a: 5 }
    await expect400('aws/alb', event, 'queryStringParameters.a must hold strings')
  })

  it('a base64 body with characters outside the alphabet on ALB', async () => {
    await expect400('aws/alb', { ...aws.alb({ method: 'POST', path: '/upload' }), body: 'AAAA$AAA', isBase64Encoded: true }, 'not valid base64')
  })
})

describe('prototype keys are plain data', () => {
  it('__proto__ and constructor as query and header keys reach the handler as ordinary entries', async () => {
    const event = aws.apiGatewayV1({ path: '/echo' })
    const multiHeaders = JSON.parse('{"__proto__": ["polluted"], "constructor": ["c"], "Host": ["x"]}')
    const multiQuery = JSON.parse('{"__proto__": ["p"], "constructor": ["c"], "toString": ["t"]}')
    const res = decodePlatformResult(
      'aws/apigw-v1',
      await touchEverything({ ...event, multiValueHeaders: multiHeaders, multiValueQueryStringParameters: multiQuery }, context()),
    )
    expect(res.status).toBe(200)
    const body = res.json()
    expect(Object.keys(body.query).sort()).toEqual(['__proto__', 'constructor', 'toString'])
    expect(body.headers.constructor).toBe('c')
    expect(Object.keys(body.headers)).toContain('__proto__')
    expect(({} as any).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('0')
  })

  it('__proto__ in a raw query string and a cookie does not touch Object.prototype', async () => {
    const res = decodePlatformResult(
      'aws/apigw-v2',
      await touchEverything(aws.apiGatewayV2({ path: '/echo?__proto__[x]=1&constructor[prototype][y]=2', cookies: ['__proto__=z'] }), context()),
    )
    expect(res.status).toBe(200)
    expect(res.json().query['__proto__[x]']).toBe('1')
    expect(res.json().cookies['__proto__']).toBe('z')
    expect(({} as any).x).toBeUndefined()
    expect(({} as any).y).toBeUndefined()
  })

  it('Express also gets them as data', async () => {
    const event = aws.apiGatewayV2({ path: '/echo?__proto__=1&constructor=2', headers: { constructor: 'c' } })
    const res = decodePlatformResult('aws/apigw-v2', await express(event, context()))
    expect(res.status).toBe(200)
    expect(res.json().query).toMatchObject({ constructor: '2' })
    expect(({} as any).constructor).toBe(Object)
  })
})

describe('large and empty input', () => {
  it('a 10 MB body reaches Express intact', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 7)
    big[0] = 1
    big[big.length - 1] = 9
    // The route echoes it: 13 MB of base64, over what Lambda returns (test/unit/limits.test.ts), so the guard is off.
    const echo = serve(createExpress5(), { maxResponseBytes: Infinity })
    const res = decodePlatformResult('aws/apigw-v1', await echo(aws.apiGatewayV1({ method: 'POST', path: '/upload', body: big }), context()))
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(big.length)
    expect(res.body.equals(big)).toBe(true)
  })

  it('a 10 MB body larger than the app accepts is the app’s 413, not a crash', async () => {
    quiet()
    const body = JSON.stringify({ pad: 'x'.repeat(10 * 1024 * 1024) })
    const res = decodePlatformResult('aws/apigw-v2', await express(aws.apiGatewayV2({ method: 'POST', path: '/echo', body, headers: { 'content-type': 'application/json' } }), context()))
    expect(res.status).toBe(413)
  })

  it.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an empty object', {}, 'an empty object'],
    ['a string', 'GET /', 'string'],
    ['an array', [1, 2], 'an array of 2'],
    ['bytes that are not JSON', Buffer.from([0xff, 0xfe, 0x00]), '3 bytes that are not JSON'],
    ['an object with unknown keys', { hello: 'world' }, 'an object with keys: hello'],
  ])('%s is an UnsupportedEventError that lists what was checked', async (_label, event, seen) => {
    for (const entry of [touchEverything, express]) {
      const error = await entry(event, context()).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(UnsupportedEventError)
      expect((error as UnsupportedEventError).code).toBe('UNSUPPORTED_EVENT')
      expect((error as UnsupportedEventError).seen).toBe(seen)
      expect((error as UnsupportedEventError).checked).toEqual(everyAdapter)
      expect((error as Error).message).toContain(`Checked: ${everyAdapter.join(', ')}.`)
    }
  })

  it('an unsupported event reaches the callback as the error, once, and the returned promise does not reject', async () => {
    const callback = vi.fn()
    const returned = touchEverything({ nothing: true }, context(), callback)
    await expect(returned).resolves.toBeUndefined()
    expect(callback).toHaveBeenCalledTimes(1)
    expect(callback.mock.calls[0]![0]).toBeInstanceOf(UnsupportedEventError)
  })
})
