import express from 'express'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as fcEntry from 'faasport/fc'
import { handle, serve, type HttpResult, type Logger } from 'faasport'
import { events, invoke, request } from 'faasport/testing'

// A buffered answer larger than its platform accepts is a small 502 and one log line naming the limit and the
// way out, never a result the platform refuses after the fact (the client's bare 502) or a body cut short.
// Limits: Lambda 6 MB of response JSON (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html,
// enforced as 6,291,556 bytes), ALB 1 MB of response JSON
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html), SCF 6 MB
// (https://cloud.tencent.com/document/product/583/11637), Alibaba API Gateway 6 MB of body from an FC backend
// (https://help.aliyun.com/zh/api-gateway/traditional-api-gateway/limits).

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const log = (...args: unknown[]) => void lines.push(args.map(String).join(' '))
  return { lines, debug: log, info: log, warn: log, error: log }
}

const LAMBDA = 6_291_556
const text = (n: number) => 'x'.repeat(n)
/** The apigw-v2 result's JSON size for a text body of `n` characters, as the runtime sends it. */
const v2Size = (n: number) =>
  Buffer.byteLength(JSON.stringify({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text(n), isBase64Encoded: false }))

describe('response size guards', () => {
  it('passes a Lambda result of exactly 6,291,556 bytes and answers 502 one byte over, naming the limit and the fix', async () => {
    const envelope = v2Size(0)
    const logger = recordingLogger()
    const fits = await invoke(handle(() => text(LAMBDA - envelope), { logger }), events.aws.apiGatewayV2({ path: '/report' }))
    expect(Buffer.byteLength(JSON.stringify(fits))).toBe(LAMBDA)
    expect(fits.statusCode).toBe(200)
    const over = await invoke(handle(() => text(LAMBDA - envelope + 1), { logger }), events.aws.apiGatewayV2({ path: '/report' }))
    expect(over).toMatchObject({ statusCode: 502, body: '{"error":"Bad Gateway"}' })
    expect(logger.lines).toHaveLength(1)
    expect(logger.lines[0]).toMatch(/request [\w-]+: GET \/report: the answer takes 6291557 bytes as the aws\/apigw-v2 result, over the 6291556 bytes Lambda \(synchronous invocations\) accepts; answered 502\. Instead, stream it \(stream: true/)
  })

  it('counts a binary body at its base64 size: a 5 MB image is over the limit', async () => {
    const image = Buffer.alloc(5 * 1024 * 1024, 0xff)
    const logger = recordingLogger()
    const response = await request(handle(() => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: image }), { logger }), { trigger: 'function-url' })
    expect(response.status).toBe(502)
    expect(logger.lines[0]).toContain('as the aws/function-url result, over the 6291556 bytes')
  })

  it('holds ALB to 1 MB of response JSON, and says what to do instead', async () => {
    const logger = recordingLogger()
    const response = await request(handle(() => text(1024 * 1024), { logger }), { trigger: 'alb' })
    expect(response.status).toBe(502)
    expect(logger.lines[0]).toContain('over the 1048576 bytes ALB (Lambda targets) accepts; answered 502. Instead, store it in S3')
    expect((await request(handle(() => text(900 * 1024)), { trigger: 'alb' })).status).toBe(200)
  })

  it('applies to Node apps and to SCF and Alibaba API Gateway results', async () => {
    const big = text(6 * 1024 * 1024 + 10)
    const app = express().get('/big', (req, res) => res.type('text').send(big))
    const logger = recordingLogger()
    expect((await request(serve(app, { logger }), { path: '/big' })).status).toBe(502)
    expect((await request(handle(() => big, { logger }), { provider: 'tencent' })).status).toBe(502)
    expect((await request(fcEntry.handle(() => big, { logger }), { provider: 'aliyun', trigger: 'apigw' })).status).toBe(502)
    expect(logger.lines.map((l) => /over the (\d+) bytes ([^;]+) accepts/.exec(l)?.slice(1))).toEqual([
      ['6291556', 'Lambda (synchronous invocations)'],
      ['6291456', 'SCF (synchronous invocations)'],
      ['6291456', 'Alibaba Cloud API Gateway (FC event-function backends)'],
    ])
  })

  it('sets no limit where the platform documents none (FC HTTP triggers)', async () => {
    const response = await request(fcEntry.handle(() => text(7 * 1024 * 1024)), { provider: 'aliyun', trigger: 'http-v3' })
    expect([response.status, response.body.length]).toEqual([200, 7 * 1024 * 1024])
  })

  it('takes maxResponseBytes instead, Infinity turning the check off', async () => {
    const logger = recordingLogger()
    expect((await request(handle(() => text(2000), { maxResponseBytes: 1000, logger }))).status).toBe(502)
    expect(logger.lines[0]).toContain('over the 1000 bytes maxResponseBytes allows')
    expect((await request(handle(() => text(7 * 1024 * 1024), { maxResponseBytes: Infinity }))).status).toBe(200)
  })

  it.each([['1mb'], [-1], [null], [{}]])('refuses maxResponseBytes %j at init', (value) => {
    expect(() => handle(() => 'x', { maxResponseBytes: value as never })).toThrow(/maxResponseBytes must be a number of bytes/)
  })

  it('property: an answer goes through exactly when its JSON fits, else it is the 502, for text and bytes alike', async () => {
    const logger = recordingLogger()
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 4000 }),
        fc.oneof(
          fc.string({ maxLength: 1200 }).map((s) => ({ body: s, type: 'text/plain; charset=utf-8' })),
          fc.uint8Array({ maxLength: 1500 }).map((b) => ({ body: Buffer.from(b), type: 'application/octet-stream' })),
          fc.string({ maxLength: 300, unit: fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '😀') }).map((s) => ({ body: s, type: 'text/plain' })),
        ),
        async (limit, { body, type }) => {
          const unguarded = await invoke(handle(() => ({ statusCode: 200, headers: { 'content-type': type }, body }) as HttpResult, { maxResponseBytes: Infinity }), events.aws.apiGatewayV1({ path: '/' }))
          const guarded = await invoke(handle(() => ({ statusCode: 200, headers: { 'content-type': type }, body }) as HttpResult, { maxResponseBytes: limit, logger }), events.aws.apiGatewayV1({ path: '/' }))
          const size = Buffer.byteLength(JSON.stringify(unguarded))
          if (size <= limit) expect(guarded).toEqual(unguarded)
          else expect(guarded.statusCode).toBe(502)
        },
      ),
      { numRuns: 150 },
    )
  })
})
