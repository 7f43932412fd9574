import { describe, expect, it } from 'vitest'
import { handle, serve } from '../../src/index.js'
import { events, httpTriggers, invoke, InvokeError, mockContext, request } from '../../src/entries/testing.js'
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

describe('invoke', () => {
  const event = events.aws.apiGatewayV2({ path: '/x' })
  const context = () => mockContext('aws')

  it('runs async and callback handlers alike and returns the raw result', async () => {
    expect(await invoke(async () => ({ statusCode: 201 }), event, context())).toEqual({ statusCode: 201 })
    expect(await invoke((_e, _c, cb) => cb(null, { statusCode: 202 }), event, context())).toEqual({ statusCode: 202 })
    expect(await invoke((_e, _c, cb) => setTimeout(() => cb(null, 'later'), 5), event, context())).toBe('later')
    const entry = handle(() => 'faasport')
    expect(await invoke(entry, event, context())).toMatchObject({ statusCode: 200, body: 'faasport' })
  })

  it('rethrows the handler’s own errors, however they arrive', async () => {
    const boom = new Error('boom')
    await expect(invoke(() => { throw boom }, event, context())).rejects.toBe(boom)
    await expect(invoke(async () => Promise.reject(boom), event, context())).rejects.toBe(boom)
    await expect(invoke((_e, _c, cb) => cb(boom), event, context())).rejects.toBe(boom)
  })

  it('fails clearly on a callback called twice', async () => {
    const error = await invoke((_e, _c, cb) => { cb(null, 1); cb(null, 2) }, event, context()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvokeError)
    expect((error as InvokeError).problem).toBe('callback-twice')
  })

  it('fails clearly when callback and promise disagree', async () => {
    const error = await invoke((_e, _c, cb) => { cb(null, 'a'); return Promise.resolve('b') }, event, context()).catch((e: unknown) => e)
    expect((error as InvokeError).problem).toBe('disagreement')
    expect(await invoke((_e, _c, cb) => { cb(null, 'same'); return Promise.resolve('same') }, event, context())).toBe('same')
  })

  it('fails clearly when the handler never finishes', async () => {
    const error = await invoke(() => new Promise(() => {}), event, context(), { timeoutMs: 50 }).catch((e: unknown) => e)
    expect((error as InvokeError).problem).toBe('timeout')
    expect((error as Error).message).toContain('50 ms')
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
    // JSON results carry bytes as base64; FC 2.0's resp takes the bytes themselves.
    expect(png.isBase64Encoded).toBe(t.trigger !== 'http-v2')
    expect(png.body.subarray(1, 4).toString()).toBe('PNG')
  })

  it('defaults to the provider’s main trigger and a mock context', async () => {
    const res = await request(handle((req, inv) => ({ trigger: inv.trigger, path: req.path })), { path: '/a' })
    expect(res.json()).toEqual({ trigger: 'apigw-v2', path: '/a' })
  })

  it('lists the triggers it has when asked for another', async () => {
    await expect(request(app, { provider: 'aws', trigger: 'smtp' })).rejects.toThrow(/no HTTP trigger "smtp"; have apigw-v2, apigw-v1, function-url, alb, alb \(variant multi-value\)/)
    await expect(request(app, { provider: 'aliyun', trigger: 'smtp' })).rejects.toThrow(/aliyun has no HTTP trigger "smtp"; have http-v3, apigw, http-v2/)
  })

  it('refuses a result the gateway would not accept', async () => {
    await expect(request(async () => ({ statusCode: 200, body: { not: 'a string' } }))).rejects.toThrow(/aws\/apigw-v2 result has a body that is not a string/)
    await expect(request(async () => ({ statusCode: 200, body: '', isBase64Encoded: false, multiValueHeaders: {} }))).rejects.toThrow(/unexpected key multiValueHeaders/)
  })
})
