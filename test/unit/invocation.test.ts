import { afterEach, describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { getInvocation, handle, serve, type Invocation } from '../../src/index.js'
import { createExpress5 } from '../helpers/apps.js'

async function capture(context: unknown, options?: Parameters<typeof handle>[1], event: unknown = aws.apiGatewayV2()) {
  let seen: Invocation | undefined
  let fromStorage: Invocation | undefined
  await handle(async (_req, inv) => {
    seen = inv
    await new Promise((resolve) => setTimeout(resolve, 1))
    fromStorage = getInvocation()
    return ''
  }, options)(event, context)
  expect(fromStorage).toBe(seen)
  return seen!
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the invocation', () => {
  it('reads the Lambda context', async () => {
    const context = aws.lambdaContext({ functionName: 'orders', memoryLimitInMB: '512', functionVersion: '7' })
    const inv = await capture(context)
    expect({
      provider: inv.provider,
      trigger: inv.trigger,
      requestId: inv.requestId,
      functionName: inv.functionName,
      functionVersion: inv.functionVersion,
      memoryLimitMB: inv.memoryLimitMB,
      region: inv.region,
      accountId: inv.accountId,
      namespace: inv.namespace,
    }).toEqual({
      provider: 'aws',
      trigger: 'apigw-v2',
      requestId: context.awsRequestId,
      functionName: 'orders',
      functionVersion: '7',
      memoryLimitMB: 512,
      region: 'us-east-1',
      accountId: '123456789012',
      namespace: undefined,
    })
    expect(inv.context).toBe(context)
  })

  it('generates a request id when the platform gives none, and knows no deadline', async () => {
    const inv = await capture(undefined)
    expect(inv.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(inv.requestId).toBe(inv.requestId)
    expect(inv.deadline).toBe(Infinity)
    expect(inv.remainingTimeMs()).toBe(Infinity)
    expect(inv.signal.aborted).toBe(false)
  })

  it('counts the remaining time down live from the platform', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    let remaining = 3000
    const inv = await capture({ ...aws.lambdaContext(), getRemainingTimeInMillis: () => remaining })
    expect(inv.remainingTimeMs()).toBe(3000)
    remaining = 1200
    expect(inv.remainingTimeMs()).toBe(1200)
  })

  it('aborts its signal shortly before the deadline', async () => {
    let seenSignal: AbortSignal | undefined
    const started = Date.now()
    await handle(async (_req, inv) => {
      seenSignal = inv.signal
      await new Promise((resolve) => inv.signal.addEventListener('abort', resolve))
      return ''
    }, { deadlineMarginMs: 100 })(aws.apiGatewayV2(), aws.lambdaContext({ timeoutMs: 250 }))
    const elapsed = Date.now() - started
    expect(seenSignal!.aborted).toBe(true)
    expect((seenSignal!.reason as DOMException).name).toBe('TimeoutError')
    expect(elapsed).toBeGreaterThanOrEqual(100)
  })

  it('aborts at once when the deadline is already inside the margin', async () => {
    const inv = await capture(aws.lambdaContext({ timeoutMs: 100 }), { deadlineMarginMs: 500 })
    expect(inv.signal.aborted).toBe(true)
  })

  it('tells the first invocation of the process from later ones', async () => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('faasport.coldStartTaken')]
    const first = await capture(aws.lambdaContext())
    const second = await capture(aws.lambdaContext())
    expect([first.coldStart, second.coldStart]).toEqual([true, false])
  })

  it('is undefined outside an invocation', () => {
    expect(getInvocation()).toBeUndefined()
  })

  it('uses the logger option over the platform logger', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    expect((await capture(aws.lambdaContext(), { logger })).logger).toBe(logger)
    expect((await capture(aws.lambdaContext())).logger).toBe(console)
  })
})

describe('the entry function', () => {
  it('declares at most two parameters (AWS Node.js 24 refuses three)', () => {
    expect(handle(() => '').length).toBeLessThanOrEqual(2)
    expect(serve(createExpress5()).length).toBeLessThanOrEqual(2)
  })

  it('sets context.callbackWaitsForEmptyEventLoop: false by default, true on request', async () => {
    const context = aws.lambdaContext()
    await handle(() => '')(aws.apiGatewayV2(), context)
    expect(context.callbackWaitsForEmptyEventLoop).toBe(false)
    await handle(() => '', { callbackWaitsForEmptyEventLoop: true })(aws.apiGatewayV2(), context)
    expect(context.callbackWaitsForEmptyEventLoop).toBe(true)
  })

  it('calls the callback exactly once with the result, also for a failing handler', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const callback = vi.fn()
    const result = await handle(() => {
      throw new Error('x')
    })(aws.apiGatewayV1(), aws.lambdaContext(), callback)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(callback).toHaveBeenCalledTimes(1)
    expect(callback.mock.calls[0]![0]).toBeNull()
    expect(callback.mock.calls[0]![1]).toEqual(result)
    expect((result as { statusCode: number }).statusCode).toBe(500)
  })

  it('refuses a handler that is not a function', () => {
    expect(() => handle('nope' as never)).toThrow(TypeError)
  })
})

describe('logging the invocation or the request does not print the platform context', () => {
  it('JSON.stringify and console.log/util.inspect leave out the credentials FC puts in the context; the context stays readable', async () => {
    const { inspect } = await import('node:util')
    const fc = await import('../../adapters/fc/factories.js')
    const context = fc.fcContext()
    const secret = (context.credentials as { accessKeySecret: string }).accessKeySecret
    const token = (context.credentials as { securityToken: string }).securityToken
    let seen: { json: string[]; shown: string[]; invocationContext: unknown; requestContext: unknown } | undefined
    await handle((req, inv) => {
      seen = {
        // A spread or Object.assign copies own fields: the context must not be one of them.
        json: [JSON.stringify(inv), JSON.stringify(req), JSON.stringify({ inv, req }), JSON.stringify({ ...inv }), JSON.stringify(Object.assign({}, inv))],
        shown: [inspect(inv), inspect(req), inspect({ inv, req }, { depth: 5 })],
        invocationContext: inv.context,
        requestContext: req.context,
      }
      return ''
    })(fc.httpV3({ path: '/orders?id=1', headers: { 'x-trace': 't1' } }), context)
    for (const text of [...seen!.json, ...seen!.shown]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(token)
    }
    expect(seen!.invocationContext).toBe(context)
    expect(seen!.requestContext).toBe(context)
    // The summaries keep what a log line needs.
    const [inv, req] = seen!.json.slice(0, 2).map((t) => JSON.parse(t))
    expect(inv).toMatchObject({ provider: 'aliyun', trigger: 'http-v3', requestId: context.requestId, functionName: 'my-func', coldStart: expect.any(Boolean) })
    expect(inv).not.toHaveProperty('context')
    expect(inv).not.toHaveProperty('event')
    expect(req).toMatchObject({ method: 'GET', path: '/orders', url: '/orders?id=1', headers: { 'x-trace': 't1' } })
    expect(req).not.toHaveProperty('context')
    expect(req).not.toHaveProperty('event')
    expect(seen!.shown[0]).toMatch(/^Invocation \{/)
    expect(seen!.shown[1]).toMatch(/^HttpRequest \{/)
  })

  it('a request whose event has a malformed part still stringifies', async () => {
    let json = ''
    const event = aws.apiGatewayV1({ path: '/x' })
    ;(event as { multiValueHeaders: unknown }).multiValueHeaders = { 'x-bad': [1] }
    ;(event as { headers: unknown }).headers = null
    await handle((req) => {
      json = JSON.stringify(req)
      return ''
    })(event, aws.lambdaContext())
    expect(JSON.parse(json)).toEqual({ method: 'GET', path: '/x', url: '/x', sourceIp: expect.any(String) })
  })
})
