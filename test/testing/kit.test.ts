import { describe, expect, it } from 'vitest'
import { handle, serve } from '../../src/index.js'
import { httpTriggers, InvokeError, mockContext, request } from '../../src/entries/testing.js'
import { createExpress5 } from '../helpers/apps.js'

describe('mockContext', () => {
  it('has Lambda’s field names and a live countdown from timeoutMs', async () => {
    const context = mockContext('aws', { timeoutMs: 200, functionName: 'orders' })
    expect(context.functionName).toBe('orders')
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders')
    const first = context.getRemainingTimeInMillis()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(first).toBeLessThanOrEqual(200)
    expect(context.getRemainingTimeInMillis()).toBeLessThan(first)
  })

  it('names the providers it has when asked for another', () => {
    expect(() => mockContext('nope' as never)).toThrow(/no provider "nope"; have aws, aliyun/)
  })
})

describe('request', () => {
  const app = serve(createExpress5())

  it.each(httpTriggers().map((t) => [t.label, t] as const))('%s: one request, decoded the same way', async (_label, t) => {
    const res = await request(app, { ...t, method: 'POST', path: '/echo?x=1', body: { hello: 'kit' }, cookies: { a: '1' } })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toMatchObject({ body: { hello: 'kit' }, query: { x: '1' }, cookie: 'a=1' })
    const cookies = await request(app, { ...t, path: '/cookies' })
    expect(cookies.cookies.length).toBe(t.traits.multipleCookies ? 2 : 1)
    const png = await request(app, { ...t, path: '/png' })
    // JSON results carry bytes as base64; FC 2.0's resp, Cloud Run's res and Azure's HttpResponseInit take the bytes themselves.
    expect(png.isBase64Encoded).toBe(!(t.trigger === 'http-v2' || t.provider === 'gcp' || t.provider === 'azure'))
    expect(png.body.subarray(1, 4).toString()).toBe('PNG')
  })

  it('defaults to the provider’s main trigger and a mock context', async () => {
    const res = await request(handle((req, inv) => ({ trigger: inv.trigger, path: req.path })), { path: '/a' })
    expect(res.json()).toEqual({ trigger: 'apigw-v2', path: '/a' })
  })

  it('refuses an unknown provider instead of listing no trigger to loop over', () => {
    expect(() => httpTriggers('oracle' as never)).toThrow(/no provider "oracle"; have aws, aliyun, tencent, gcp, azure, huawei/)
    expect(httpTriggers('tencent').map((t) => t.label)).toEqual(['tencent/apigw', 'tencent/function-url'])
  })

  it('refuses a time limit that is not a number of milliseconds', async () => {
    for (const timeoutMs of [-1, Number.NaN, Infinity]) {
      await expect(request(async () => ({ statusCode: 200 }), { timeoutMs })).rejects.toThrow(/timeoutMs must be a number of milliseconds, 0 or more/)
    }
  })

  it('lists the triggers it has when asked for another', async () => {
    await expect(request(app, { provider: 'aws', trigger: 'smtp' })).rejects.toThrow(/no HTTP trigger "smtp"; have apigw-v2, apigw-v1, function-url, alb, alb \(variant multi-value\)/)
    await expect(request(app, { provider: 'aliyun', trigger: 'smtp' })).rejects.toThrow(/aliyun has no HTTP trigger "smtp"; have http-v3, apigw, http-v2/)
  })

  it('refuses a result the gateway would not accept', async () => {
    await expect(request(async () => ({ statusCode: 200, body: { not: 'a string' } }))).rejects.toThrow(/aws\/apigw-v2 result has a body that is not a string/)
    await expect(request(async () => ({ statusCode: 200, body: '', isBase64Encoded: false, multiValueHeaders: {} }))).rejects.toThrow(/has key multiValueHeaders, which the gateway ignores/)
  })
})

describe('request: which trigger', () => {
  const where = handle((_req, inv) => ({ provider: inv.provider, trigger: inv.trigger }))

  it.each([
    ['http-v3', 'aliyun'],
    ['http-v2', 'aliyun'],
    ['apigw-v1', 'aws'],
    ['alb', 'aws'],
    // On more than one provider: the default provider when it has it.
    ['function-url', 'aws'],
  ])('infers the provider of trigger %s', async (trigger, provider) => {
    expect((await request(where, { trigger })).json()).toEqual({ provider, trigger })
  })

  it('asks for the provider when the trigger is on several and the default has none', async () => {
    await expect(request(where, { trigger: 'apigw' })).rejects.toThrow(/the HTTP trigger "apigw" exists on aliyun and tencent; say which provider/)
    expect((await request(where, { provider: 'tencent', trigger: 'apigw' })).json()).toEqual({ provider: 'tencent', trigger: 'apigw' })
  })

  it('lists every trigger when no provider has the one asked for', async () => {
    await expect(request(where, { trigger: 'smtp' })).rejects.toThrow(/no provider has an HTTP trigger "smtp"; have aws\/apigw-v2, .*aws\/alb \(variant multi-value\), aliyun\/http-v3, .*tencent\/function-url/)
    await expect(request(where, { trigger: 'alb', variant: 'nope' })).rejects.toThrow(/aws has no HTTP trigger "alb" variant nope/)
  })
})

describe('request: time limits', () => {
  it('fails an FC 2.0 handler that never sends within the limit, instead of hanging', async () => {
    const started = Date.now()
    const error = await request(() => new Promise(() => {}), { provider: 'aliyun', trigger: 'http-v2', timeoutMs: 100 }).catch((e: unknown) => e)
    expect((error as InvokeError).problem).toBe('timeout')
    expect((error as Error).message).toBe('the handler did not send its response within 100 ms')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('waits for an FC 2.0 handler that sends late, up to the limit (not a fixed second)', async () => {
    const late = (_req: unknown, resp: { send(body: string): void }) => {
      setTimeout(() => resp.send('late'), 1200)
    }
    expect((await request(late, { provider: 'aliyun', trigger: 'http-v2' })).text()).toBe('late')
  })

  it('reports an FC 2.0 handler that fails before sending with its own error', async () => {
    const boom = new Error('boom')
    await expect(request(async () => { throw boom }, { provider: 'aliyun', trigger: 'http-v2' })).rejects.toBe(boom)
    await expect(request(() => { throw boom }, { provider: 'aliyun', trigger: 'http-v2' })).rejects.toBe(boom)
  })

  it('defaults to the context’s remaining time, on every trigger', async () => {
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 200))
      return { statusCode: 200 }
    }
    for (const provider of ['aws', 'aliyun', 'tencent'] as const) {
      await expect(request(slow, { provider, context: mockContext(provider, { timeoutMs: 50 }) })).rejects.toThrow(/within \d+ ms \(the context's remaining time\)/)
    }
    await expect(request(slow, { timeoutMs: 50 })).rejects.toThrow(/did not finish within 50 ms/)
  })
})
