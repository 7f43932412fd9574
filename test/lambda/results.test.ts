import { describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { handle } from '../../src/index.js'

// The exact platform result each Lambda trigger gets for the same answer.

const answer = handle(() => ({
  statusCode: 201,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Multi': ['a', 'b'], 'X-Count': 3 },
  cookies: ['session=abc; Path=/; HttpOnly', 'theme=dark; Expires=Tue, 01 Jan 2030 00:00:00 GMT'],
  body: 'created',
}))
const binary = handle(() => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }))
const ctx = () => aws.lambdaContext()

describe('exact results', () => {
  it('API Gateway v1: single values in headers, repeats and every Set-Cookie in multiValueHeaders', async () => {
    expect(await answer(aws.apiGatewayV1(), ctx())).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-count': '3' },
      multiValueHeaders: {
        'x-multi': ['a', 'b'],
        'set-cookie': ['session=abc; Path=/; HttpOnly', 'theme=dark; Expires=Tue, 01 Jan 2030 00:00:00 GMT'],
      },
      body: 'created',
      isBase64Encoded: false,
    })
  })

  it.each([
    ['HTTP API v2', () => aws.apiGatewayV2()],
    ['Function URL', () => aws.functionUrl()],
  ])('%s: repeats comma-joined, every Set-Cookie in cookies[]', async (_name, event) => {
    expect(await answer(event(), ctx())).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-multi': 'a, b', 'x-count': '3' },
      cookies: ['session=abc; Path=/; HttpOnly', 'theme=dark; Expires=Tue, 01 Jan 2030 00:00:00 GMT'],
      body: 'created',
      isBase64Encoded: false,
    })
  })

  it('ALB with multi-value headers: everything in multiValueHeaders', async () => {
    expect(await answer(aws.alb({ multiValue: true }), ctx())).toEqual({
      statusCode: 201,
      statusDescription: '201 Created',
      multiValueHeaders: {
        'content-type': ['text/plain; charset=utf-8'],
        'x-multi': ['a', 'b'],
        'x-count': ['3'],
        'set-cookie': ['session=abc; Path=/; HttpOnly', 'theme=dark; Expires=Tue, 01 Jan 2030 00:00:00 GMT'],
      },
      body: 'created',
      isBase64Encoded: false,
    })
  })

  it('ALB without multi-value headers: one value per name, and a warning instead of silently dropping cookies', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const entry = handle(() => ({ statusCode: 200, cookies: ['a=1', 'b=2'], headers: { 'x-multi': ['a', 'b'] }, body: '' }), { logger })
    expect(await entry(aws.alb(), ctx())).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      headers: { 'x-multi': 'a, b', 'set-cookie': 'a=1' },
      body: '',
      isBase64Encoded: false,
    })
    await entry(aws.alb(), ctx())
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn.mock.calls[0]![0]).toContain('Enable multi-value headers')
  })

  it.each([
    ['aws/apigw-v1', () => aws.apiGatewayV1()],
    ['aws/apigw-v2', () => aws.apiGatewayV2()],
    ['aws/function-url', () => aws.functionUrl()],
    ['aws/alb', () => aws.alb()],
  ])('%s: binary bodies go base64', async (_name, event) => {
    const result = (await binary(event(), ctx())) as { body: string; isBase64Encoded: boolean }
    expect(result.isBase64Encoded).toBe(true)
    expect(result.body).toBe('iVBORw==')
  })
})
