import { expect, it, vi } from 'vitest'

// Without the optional peer, responseSchema falls back to JSON.stringify and says so once.
vi.mock('fast-json-stringify', () => {
  throw new Error("Cannot find package 'fast-json-stringify'")
})

it('warns once and keeps JSON.stringify when fast-json-stringify is not installed', async () => {
  const { handle } = await import('../../src/index.js')
  const aws = await import('../../adapters/lambda/factories.js')
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
  const schema = { type: 'object', properties: { id: { type: 'string' } } }
  const first = handle(() => ({ id: 'a', extra: 1 }), { responseSchema: schema, logger })
  const second = handle(() => ({ id: 'b' }), { responseSchema: schema, logger })
  expect(JSON.parse((await first(aws.apiGatewayV2(), aws.lambdaContext())).body)).toEqual({ id: 'a', extra: 1 })
  expect(JSON.parse((await second(aws.apiGatewayV2(), aws.lambdaContext())).body)).toEqual({ id: 'b' })
  expect(logger.warn).toHaveBeenCalledTimes(1)
  expect(logger.warn.mock.calls[0]![0]).toContain('npm i fast-json-stringify')
})
