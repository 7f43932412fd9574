import { describe, expect, it } from 'vitest'
import { handle, on } from '../../src/index.js'
import { events, httpTriggers, invoke, mockContext, request, type HttpEventInit } from '../../src/entries/testing.js'

// The event factories build what each gateway really sends; the bodies a test can pass and the contexts it
// can mock follow the platforms' own rules and field names.

describe('request bodies', () => {
  const echo = handle((req) => ({ type: req.headers['content-type'] ?? null, body: req.body?.toString('base64') ?? null }))

  it.each([
    ['an ArrayBuffer', new Uint8Array([0, 1, 255]).buffer, [0, 1, 255]],
    ['a Uint16Array, as its bytes', new Uint16Array([1, 2]), [1, 0, 2, 0]],
    ['a view of part of a buffer', new Uint8Array([9, 8, 7, 6]).subarray(1, 3), [8, 7]],
    ['a DataView', new DataView(new Uint8Array([5, 6]).buffer), [5, 6]],
  ])('sends %s as bytes', async (_what, body, bytes) => {
    const res = (await request(echo, { method: 'POST', body })).json()
    expect(res).toEqual({ type: 'application/octet-stream', body: Buffer.from(bytes).toString('base64') })
  })

  it('sends URLSearchParams as a form, with its content type', async () => {
    const res = (await request(echo, { method: 'POST', body: new URLSearchParams({ a: '1', b: 'x y' }) })).json()
    expect(res.type).toBe('application/x-www-form-urlencoded;charset=UTF-8')
    expect(Buffer.from(res.body, 'base64').toString()).toBe('a=1&b=x+y')
  })

  it.each([
    ['a Blob', new Blob(['x']), /cannot send a Blob as a request body/],
    ['a Map', new Map([['a', 1]]), /cannot send a Map as a request body/],
    ['a Date', new Date(0), /cannot send a Date as a request body/],
    ['a class instance', new (class Order {})(), /cannot send a Order as a request body/],
    ['a function', () => 1, /cannot send a function as a request body/],
  ])('refuses %s with a TypeError naming it', async (_what, body, message) => {
    expect(() => events.aws.apiGatewayV1({ body: body as object })).toThrow(TypeError)
    await expect(request(echo, { method: 'POST', body: body as object })).rejects.toThrow(message)
  })

  it('still sends plain objects, arrays, numbers, booleans and null as JSON', async () => {
    for (const body of [{ a: 1 }, Object.assign(Object.create(null), { a: 1 }), [1], 0, false, null]) {
      const res = (await request(echo, { method: 'POST', body })).json()
      expect(res.type).toBe('application/json')
      expect(Buffer.from(res.body, 'base64').toString()).toBe(JSON.stringify(body))
    }
  })
})

describe('textual and binary bodies travel as each gateway sends them', () => {
  const json = Buffer.from('{"a":"é"}')

  it.each(httpTriggers().filter((t) => t.trigger !== 'http-v2' && t.provider !== 'gcp' && t.provider !== 'azure').map((t) => [t.label, t] as const))('%s: JSON bytes as a string, binary as base64', async (_label, t) => {
    // The raw event read back, in the least result each gateway takes.
    const answer = (body: string) =>
      t.trigger === 'alb' ? { statusCode: 200, statusDescription: '200 OK', [t.variant ? 'multiValueHeaders' : 'headers']: {}, isBase64Encoded: false, body } : { statusCode: 200, body }
    const kit = (init: object) => request(async (event: unknown) => answer(JSON.stringify(read(event))), { ...t, ...init })
    const text = (await kit({ method: 'POST', body: json, headers: { 'Content-Type': 'application/json' } })).json()
    // FunctionGraph's APIG trigger sends every body base64.
    expect(text).toEqual(t.provider === 'huawei' ? { body: json.toString('base64'), isBase64Encoded: true } : { body: '{"a":"é"}', isBase64Encoded: false })
    const binary = (await kit({ method: 'POST', body: new Uint8Array([0, 255]), headers: { 'Content-Type': 'image/png' } })).json()
    expect(binary).toEqual({ body: 'AP8=', isBase64Encoded: true })
    const gzipped = (await kit({ method: 'POST', body: json, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } })).json()
    expect(gzipped.isBase64Encoded).toBe(true)
    const notUtf8 = (await kit({ method: 'POST', body: new Uint8Array([0xff]), headers: { 'Content-Type': 'text/plain' } })).json()
    expect(notUtf8).toEqual({ body: '/w==', isBase64Encoded: true })
  })

  it('ALB passes only text/*, JSON, JavaScript and XML as text: a form arrives base64', () => {
    const form = { method: 'POST', body: Buffer.from('a=1'), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
    expect(events.aws.alb(form)).toMatchObject({ body: 'YT0x', isBase64Encoded: true })
    expect(events.aws.apiGatewayV2(form)).toMatchObject({ body: 'a=1', isBase64Encoded: false })
    expect(events.aws.alb({ ...form, headers: { 'content-type': 'application/xml' } })).toMatchObject({ body: 'a=1', isBase64Encoded: false })
  })
})

// The raw event, whatever the platform hands over (FC: a Buffer of JSON).
function read(event: unknown): { body: unknown; isBase64Encoded: unknown } {
  const e = (Buffer.isBuffer(event) ? JSON.parse(event.toString()) : event) as Record<string, unknown>
  return { body: e.body, isBase64Encoded: e.isBase64Encoded === 'true' || e.isBase64Encoded === true }
}

describe('payload 2.0 cookies', () => {
  it.each([
    ['apiGatewayV2', events.aws.apiGatewayV2],
    ['functionUrl', events.aws.functionUrl],
  ] as const)('%s moves a Cookie header into cookies[], out of the headers', (_name, factory) => {
    const event = factory({ headers: { Cookie: 'a=1; b=2', 'X-Other': 'x' }, cookies: { c: '3' } })
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3'])
    expect(event.headers.cookie).toBeUndefined()
    expect(event.headers['x-other']).toBe('x')
  })

  it('the handler sees every cookie, as from a real HTTP API', async () => {
    const res = await request(handle((req) => req.cookies), { trigger: 'apigw-v2', headers: { cookie: 'a=1;b=2' } })
    expect(res.json()).toEqual({ a: '1', b: '2' })
  })

  it('REST APIs keep the Cookie header', () => {
    expect(events.aws.apiGatewayV1({ headers: { Cookie: 'a=1' } }).headers.Cookie).toBe('a=1')
  })
})

describe('request cookies: one Cookie header, as a client sends it', () => {
  const seen = on({ http: (req) => ({ c: req.headers.cookie, cookies: { ...req.cookies } }) })

  // A Cookie header and the cookies option, or a Cookie header given twice: gateways with one value per
  // header join repeats with `,`, which would read as one cookie `a` with the value `1,b=2`.
  it.each(httpTriggers())('$label: a Cookie header plus cookies, or two Cookie headers, reach the handler as every cookie', async (trigger) => {
    const inits: HttpEventInit[] = [{ headers: { Cookie: 'a=1' }, cookies: { b: '2' } }, { headers: { Cookie: ['a=1', 'b=2'] } }, { headers: { cookie: 'a=1;b=2' } }]
    for (const init of inits) {
      const res = await request(seen, { ...trigger, ...init })
      expect(res.json(), JSON.stringify(init)).toEqual({ c: 'a=1; b=2', cookies: { a: '1', b: '2' } })
    }
  })

  it.each([
    ['aliyun.httpV3', () => JSON.parse(events.aliyun.httpV3({ headers: { Cookie: ['a=1', 'b=2'] }, cookies: ['c=3'] }).toString()).headers],
    ['aliyun.apiGateway', () => JSON.parse(events.aliyun.apiGateway({ headers: { Cookie: ['a=1', 'b=2'] }, cookies: ['c=3'] }).toString()).headers],
    ['tencent.apiGateway', () => events.tencent.apiGateway({ headers: { Cookie: ['a=1', 'b=2'] }, cookies: ['c=3'] }).headers],
    ['tencent.functionUrl', () => events.tencent.functionUrl({ headers: { Cookie: ['a=1', 'b=2'] }, cookies: ['c=3'] }).headers],
    ['aws.apiGatewayV1', () => events.aws.apiGatewayV1({ headers: { Cookie: ['a=1', 'b=2'] }, cookies: ['c=3'] }).headers],
    ['aws.alb', () => events.aws.alb({ headers: { Cookie: ['a=1', 'b=2'] }, cookies: ['c=3'] }).headers],
  ] as const)('%s: every cookie in one Cookie value joined with "; "', (_name, headers) => {
    const map = headers() as Record<string, string>
    const names = Object.keys(map).filter((n) => n.toLowerCase() === 'cookie')
    expect(names).toHaveLength(1)
    expect(map[names[0]!]).toBe('a=1; b=2; c=3')
  })

  it('multi-value maps carry the one Cookie header too', () => {
    expect(events.aws.apiGatewayV1({ headers: { Cookie: 'a=1' }, cookies: { b: '2' } }).multiValueHeaders.Cookie).toEqual(['a=1; b=2'])
    expect(events.aws.alb({ multiValue: true, headers: { Cookie: ['a=1', 'b=2'] } }).multiValueHeaders!.cookie).toEqual(['a=1; b=2'])
  })

  it('a real multi-value event with the Cookie header repeated still gives every cookie', async () => {
    const event = events.aws.apiGatewayV1({ path: '/' })
    event.multiValueHeaders.Cookie = ['a=1', 'b=2']
    const alb = events.aws.alb({ multiValue: true })
    alb.multiValueHeaders!.cookie = ['a=1', 'b=2']
    // The model keeps a repeated header's values apart (`req.headers.cookie` is a list); read as one, they take `; `.
    const read = on({ http: (req) => ({ c: req.header('cookie'), cookies: { ...req.cookies } }) })
    for (const e of [event, alb]) {
      const result = await invoke(read, e)
      expect(JSON.parse(result.body)).toEqual({ c: 'a=1; b=2', cookies: { a: '1', b: '2' } })
    }
  })
})

describe('API Gateway v2 stages', () => {
  it('a named stage is in rawPath and requestContext.http.path alike', () => {
    const event = events.aws.apiGatewayV2({ path: '/users/1', stage: 'dev' })
    expect(event.rawPath).toBe('/dev/users/1')
    expect(event.requestContext.http.path).toBe('/dev/users/1')
    expect(events.aws.apiGatewayV2({ path: '/users/1' }).requestContext.http.path).toBe('/users/1')
  })
})

describe('mockContext overrides', () => {
  it('FC: shortcuts and FC’s own field names', () => {
    const context = mockContext('aliyun', { functionName: 'orders', timeoutMs: 60_000, accountId: '42', service: { name: 's', logProject: 'p', logStore: 'l', qualifier: 'prod' }, retryCount: 2 })
    expect(context.function).toMatchObject({ name: 'orders', timeout: 60 })
    expect(context.accountId).toBe('42')
    expect(context.service.qualifier).toBe('prod')
    expect(context.retryCount).toBe(2)
    expect(mockContext('aliyun', { requestId: 'r-1', region: 'cn-beijing' })).toMatchObject({ requestId: 'r-1', region: 'cn-beijing' })
  })

  it('SCF: shortcuts and SCF’s own (snake_case) field names; time_limit_in_ms sets the countdown', () => {
    const context = mockContext('tencent', { request_id: 'r-1', function_name: 'orders', tencentcloud_appid: '125', time_limit_in_ms: 900 })
    expect(context).toMatchObject({ request_id: 'r-1', function_name: 'orders', tencentcloud_appid: '125', time_limit_in_ms: 900 })
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(900)
    expect(mockContext('tencent', { functionName: 'x' }).function_name).toBe('x')
  })

  it('the handler reads the overridden fields', async () => {
    const who = handle((_req, inv) => ({ requestId: inv.requestId, functionName: inv.functionName }))
    const fc = await request(who, { provider: 'aliyun', context: mockContext('aliyun', { requestId: 'fc-1', function: { name: 'f', handler: 'i.h', memory: 128, timeout: 3 } }) })
    expect(fc.json()).toEqual({ requestId: 'fc-1', functionName: 'f' })
    const scf = await request(who, { provider: 'tencent', context: mockContext('tencent', { request_id: 'scf-1', function_name: 'g' }) })
    expect(scf.json()).toEqual({ requestId: 'scf-1', functionName: 'g' })
  })
})

describe('factory options of the wrong type', () => {
  it('take the string form of query and cookies', () => {
    const event = events.aws.apiGatewayV2({ path: '/x', query: '?a=1&b=two%20words', cookies: 'c=1; d=2' })
    expect(event.rawQueryString).toBe('a=1&b=two+words')
    expect(event.cookies).toEqual(['c=1', 'd=2'])
    expect(events.aws.apiGatewayV1({ query: new URLSearchParams([['k', 'v'], ['k', 'w']]) }).multiValueQueryStringParameters).toEqual({ k: ['v', 'w'] })
  })

  it('send numbers and booleans in query and headers as their text', () => {
    const event = events.aws.apiGatewayV2({ query: { page: 2, all: true }, headers: { 'x-count': 3 } })
    expect(event.rawQueryString).toBe('page=2&all=true')
    expect(event.headers['x-count']).toBe('3')
  })

  it.each([
    [{ headers: 'x-a: 1' }, /headers must be an object of names to values, got "x-a: 1"/],
    [{ headers: { 'x-a': { nested: 1 } } }, /headers\.x-a must be a string \(or a number or boolean\), or a list of them, got Object/],
    [{ query: { a: [1, {}] } }, /query\.a must be a string/],
    [{ query: 42 }, /query must be an object of names to values, got number/],
    [{ cookies: [1] }, /cookies must be name=value strings, got number/],
    [{ method: 5 }, /method must be a string, got number/],
    [{ path: ['/x'] }, /path must be a string, got Array/],
    [{ sourceIp: 1 }, /sourceIp must be a string, got number/],
  ])('refuse %j with a TypeError naming the option', (init, message) => {
    for (const factory of [events.aws.apiGatewayV2, events.aws.alb, events.aliyun.httpV3, events.tencent.apiGateway]) {
      expect(() => factory(init as never)).toThrow(TypeError)
      expect(() => factory(init as never)).toThrow(message)
    }
  })
})
