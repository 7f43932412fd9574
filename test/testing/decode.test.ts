import { describe, expect, it } from 'vitest'
import { httpTriggers, request } from '../../src/entries/testing.js'

// request() reads a raw platform result the way that gateway does: what it accepts decodes, what it refuses
// (or would silently drop) fails the test naming the problem.

const answer = (result: unknown) => async () => result

// ALB needs its status description and base64 flag; every other gateway that reads a JSON result takes the minimal
// one. FC 2.0 and Cloud Run functions answer through a response object, Azure with an HttpResponseInit (their
// own tests read those).
const gateways = httpTriggers().filter((t) => t.trigger !== 'alb' && t.trigger !== 'http-v2' && t.provider !== 'gcp' && t.provider !== 'azure')

describe('the common result shape', () => {
  it.each(gateways.map((t) => [t.label, t] as const))('%s: a missing body is empty, a missing isBase64Encoded is false', async (_label, t) => {
    const minimal = await request(answer({ statusCode: 200, body: 'hello' }), t)
    expect(minimal.status).toBe(200)
    expect(minimal.text()).toBe('hello')
    expect(minimal.isBase64Encoded).toBe(false)
    const empty = await request(answer({ statusCode: 204 }), t)
    expect(empty.status).toBe(204)
    expect(empty.body.length).toBe(0)
    expect((await request(answer({ statusCode: 200, body: null }), t)).body.length).toBe(0)
  })

  it.each(gateways.map((t) => [t.label, t] as const))('%s: refuses what the gateway refuses, naming it', async (_label, t) => {
    await expect(request(answer({ statusCode: '200', body: 'x' }), t)).rejects.toThrow(/result has a statusCode that is not an integer/)
    await expect(request(answer({ statusCode: 200.5 }), t)).rejects.toThrow(/statusCode that is not an integer/)
    await expect(request(answer({ statusCode: 200, body: { not: 'a string' } }), t)).rejects.toThrow(/has a body that is not a string/)
    await expect(request(answer({ statusCode: 200, isBase64Encoded: 'true' }), t)).rejects.toThrow(/isBase64Encoded that is not a boolean/)
    await expect(request(answer({ statusCode: 200, headers: { 'x-n': 5 } }), t)).rejects.toThrow(/bad value for header x-n/)
    await expect(request(answer({ statusCode: 200, headers: 'x-n: 5' }), t)).rejects.toThrow(/header map that is not an object/)
  })

  it('reads the result as the runtime sends it: JSON, so undefined fields vanish', async () => {
    const res = await request(answer({ statusCode: 201, headers: { 'x-a': 'a', 'x-gone': undefined }, body: undefined }), { trigger: 'apigw-v1' })
    expect(res.status).toBe(201)
    expect(res.headerValues).toEqual({ 'x-a': ['a'] })
    await expect(request(answer({ statusCode: 200, body: 1n }), { trigger: 'apigw-v1' })).rejects.toThrow(/cannot be serialized as JSON/)
  })

  it('refuses keys the gateway would silently drop', async () => {
    await expect(request(answer({ statusCode: 200, multiValueHeaders: { a: ['1'] } }), { trigger: 'apigw-v2' })).rejects.toThrow(
      /aws\/apigw-v2 result has key multiValueHeaders, which the gateway ignores/,
    )
    await expect(request(answer({ statusCode: 200, cookies: ['a=1'] }), { provider: 'tencent' })).rejects.toThrow(/has key cookies, which the gateway ignores/)
  })
})

describe('payload 2.0 (HTTP APIs and Function URLs)', () => {
  const v2 = httpTriggers('aws').filter((t) => t.trigger === 'apigw-v2' || t.trigger === 'function-url')

  it.each(v2.map((t) => [t.label, t] as const))('%s: a result without statusCode is 200 JSON of the value, as AWS infers it', async (_label, t) => {
    for (const [value, body] of [
      ['Hello, world!', '"Hello, world!"'],
      [{ message: 'hi' }, '{"message":"hi"}'],
      [{ body: 'not a response' }, '{"body":"not a response"}'],
      [[1, 2], '[1,2]'],
      [42, '42'],
      [undefined, 'null'],
    ] as const) {
      const res = await request(answer(value), t)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('application/json')
      expect(res.text()).toBe(body)
      expect(res.isBase64Encoded).toBe(false)
    }
  })

  it('passes a set-cookie header through, before cookies[]', async () => {
    const res = await request(answer({ statusCode: 200, headers: { 'Set-Cookie': 'h=1' }, cookies: ['c=2'] }), { trigger: 'apigw-v2' })
    expect(res.cookies).toEqual(['h=1', 'c=2'])
    expect(res.headers['set-cookie']).toBeUndefined()
    await expect(request(answer({ statusCode: 200, cookies: 'a=1' }), { trigger: 'apigw-v2' })).rejects.toThrow(/cookies that are not a list of strings/)
  })

  it('still refuses a statusCode that is there but not an integer', async () => {
    await expect(request(answer({ statusCode: null, body: 'x' }), { trigger: 'function-url' })).rejects.toThrow(/statusCode that is not an integer/)
  })
})

describe('API Gateway REST APIs (payload 1.0)', () => {
  it('takes only the multiValueHeaders values for a name in both maps, whatever its case', async () => {
    const res = await request(
      answer({
        statusCode: 200,
        headers: { 'x-a': '1', 'Set-Cookie': 'a=1', 'content-type': 'text/plain' },
        multiValueHeaders: { 'X-A': ['1', '2'], 'set-cookie': ['a=1', 'b=2'] },
        body: 'x',
      }),
      { trigger: 'apigw-v1' },
    )
    expect(res.headerValues).toEqual({ 'content-type': ['text/plain'], 'x-a': ['1', '2'] })
    expect(res.cookies).toEqual(['a=1', 'b=2'])
  })

  it('refuses a result that is not an object', async () => {
    await expect(request(answer('plain string'), { trigger: 'apigw-v1' })).rejects.toThrow(/aws\/apigw-v1 result is not an object/)
    await expect(request(answer({ body: 'x' }), { trigger: 'apigw-v1' })).rejects.toThrow(/has no statusCode/)
  })
})

describe('ALB', () => {
  const ok = { statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false, body: 'x' }

  it('reads headers without multi-value headers and multiValueHeaders with them', async () => {
    const single = await request(answer({ ...ok, headers: { 'Set-Cookie': 'a=1' } }), { trigger: 'alb' })
    expect(single.cookies).toEqual(['a=1'])
    const multi = await request(answer({ ...ok, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] } }), { trigger: 'alb', variant: 'multi-value' })
    expect(multi.cookies).toEqual(['a=1', 'b=2'])
  })

  it('takes a result without statusDescription: ALB requires only the status code, headers and base64 flag', async () => {
    const res = await request(answer({ ...ok, statusDescription: undefined, headers: { 'content-type': 'text/plain' } }), { trigger: 'alb' })
    expect([res.status, res.text()]).toEqual([200, 'x'])
  })

  it('refuses the map the target group ignores, and what ALB requires', async () => {
    await expect(request(answer({ ...ok, multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] } }), { trigger: 'alb' })).rejects.toThrow(
      /has multiValueHeaders, which ALB ignores when multi-value headers are off \(it reads headers\)/,
    )
    await expect(request(answer({ ...ok, headers: {} }), { trigger: 'alb', variant: 'multi-value' })).rejects.toThrow(/has headers, which ALB ignores when multi-value headers are on/)
    await expect(request(answer({ ...ok, statusDescription: 'OK', headers: {} }), { trigger: 'alb' })).rejects.toThrow(/statusDescription that is not a status line/)
    await expect(request(answer({ ...ok, isBase64Encoded: undefined, headers: {} }), { trigger: 'alb' })).rejects.toThrow(/has no isBase64Encoded/)
    await expect(request(answer(ok), { trigger: 'alb' })).rejects.toThrow(/has no headers/)
  })
})

describe('SCF', () => {
  it.each(['set-cookie', 'Set-Cookie', 'SET-COOKIE'])('finds a %s list whatever its case', async (name) => {
    const res = await request(answer({ statusCode: 200, headers: { [name]: ['a=1', 'b=2'], 'Content-Type': 'text/plain' }, body: 'x' }), { provider: 'tencent' })
    expect(res.cookies).toEqual(['a=1', 'b=2'])
    expect(res.headerValues).toEqual({ 'content-type': ['text/plain'] })
  })

  it('refuses a Set-Cookie list holding something else than strings', async () => {
    await expect(request(answer({ statusCode: 200, headers: { 'Set-Cookie': ['a=1', 2] } }), { provider: 'tencent' })).rejects.toThrow(/bad value for header set-cookie/)
  })
})
