import express from 'express'
import { describe, expect, it } from 'vitest'
import { handle, on, serve, type Logger } from 'faasport'
import { events, invoke, InvokeError, mockContext, request, type StreamedResponse } from 'faasport/testing'

// An HTTP invocation still without an answer deadlineMarginMs before its deadline gets a 504 from faasport, not
// the platform's bare timeout. invoke() gives up at the context's remaining time, as the platform would stop the
// function: each test below fails with InvokeError('timeout') if the 504 came at or after the deadline.

function quietLogger(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = []
  const log = (...args: unknown[]) => void lines.push(args)
  return { lines, debug: log, info: log, warn: log, error: log }
}

const never = () => new Promise<never>(() => {})
const aws = (timeoutMs: number) => mockContext('aws', { timeoutMs })

describe('the deadline answer', () => {
  it('answers 504 before the deadline when a handler hangs, and logs the request id, request and time taken', async () => {
    const logger = quietLogger()
    let aborted = false
    const entry = handle((req, inv) => {
      inv.signal.addEventListener('abort', () => (aborted = true))
      return never()
    }, { logger })
    const started = Date.now()
    const context = aws(1000)
    const result = await invoke(entry, events.aws.apiGatewayV2({ method: 'POST', path: '/slow' }), context)
    expect(result).toMatchObject({ statusCode: 504, body: '{"error":"Gateway Timeout"}' })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(aborted).toBe(true)
    const line = String(logger.lines.find((l) => String(l[0]).includes('answered 504'))?.[0])
    expect(line).toMatch(new RegExp(`request ${context.awsRequestId}: POST /slow had no answer 500 ms before the invocation's deadline, after \\d+ ms`))
    expect(logger.lines).toHaveLength(1)
  })

  it('closes a Node app\'s response at the deadline, as a client that disconnects does', async () => {
    let closed = false
    const app = express().get('/hang', (req, res) => {
      res.on('close', () => (closed = true))
    })
    const response = await request(serve(app, { logger: quietLogger() }), { path: '/hang', context: aws(800) })
    expect(response.status).toBe(504)
    expect(closed).toBe(true)
  })

  it('keeps the first answer: one that comes after the 504 is dropped', async () => {
    let finish!: (value: string) => void
    const entry = handle(() => new Promise<string>((resolve) => (finish = resolve)), { logger: quietLogger() })
    const result = await invoke(entry, events.aws.apiGatewayV1({ path: '/' }), aws(700))
    expect(result).toMatchObject({ statusCode: 504 })
    finish('late')
  })

  it('follows deadlineMarginMs, on every provider that gives a deadline', async () => {
    const entry = handle(() => never(), { deadlineMarginMs: 300, logger: quietLogger() })
    for (const provider of ['aws', 'aliyun', 'tencent'] as const) {
      const started = Date.now()
      const response = await request(entry, { provider, context: mockContext(provider, { timeoutMs: 1000 }) })
      expect(response.status).toBe(504)
      expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    }
  })

  it('is off with deadlineAnswer: false, leaving the hang to the platform', async () => {
    const entry = handle(() => never(), { deadlineAnswer: false })
    await expect(invoke(entry, events.aws.apiGatewayV2({ path: '/' }), aws(600))).rejects.toBeInstanceOf(InvokeError)
  })

  it('answers a fast handler without waiting, and an invocation without a deadline never times out', async () => {
    const entry = handle(async () => 'quick')
    expect(await invoke(entry, events.aws.apiGatewayV2({ path: '/' }), aws(1000))).toMatchObject({ statusCode: 200, body: 'quick' })
    expect(await entry(events.aws.apiGatewayV2({ path: '/' }), {})).toMatchObject({ statusCode: 200 })
  })

  it('applies to on({ http }) as to handle()', async () => {
    const worker = on({ http: () => never() }, { logger: quietLogger() })
    expect(await invoke(worker, events.aws.functionUrl({ path: '/' }), aws(800))).toMatchObject({ statusCode: 504 })
  })

  it('applies to a stream: true export behind a trigger that cannot stream: the 504 is its JSON result', async () => {
    const entry = handle(() => never(), { stream: true, logger: quietLogger() })
    const answer: StreamedResponse = await invoke(entry, events.aws.apiGatewayV2({ path: '/' }), aws(800))
    expect(answer.contentType).toBe('application/json')
    expect(JSON.parse(answer.body.toString())).toMatchObject({ statusCode: 504 })
  })

  it('answers a streamed Function URL request not started by then with a 504 prelude', async () => {
    const answer: StreamedResponse = await invoke(handle(() => never(), { stream: true, logger: quietLogger() }), events.aws.functionUrl({ path: '/' }), aws(800))
    expect(answer.prelude).toMatchObject({ statusCode: 504 })
  })

  it('stops what a handler starts streaming after the 504: its body is cancelled', async () => {
    let cancelled = false
    const entry = handle(
      () =>
        new Promise((resolve) =>
          setTimeout(
            () =>
              resolve({
                statusCode: 200,
                body: new ReadableStream({
                  pull: (c) => c.enqueue(new TextEncoder().encode('late')),
                  cancel: () => void (cancelled = true),
                }),
              }),
            500,
          ),
        ),
      { stream: true, logger: quietLogger() },
    )
    const answer: StreamedResponse = await invoke(entry, events.aws.functionUrl({ path: '/' }), aws(800))
    expect(answer.prelude).toMatchObject({ statusCode: 504 })
    await expect.poll(() => cancelled).toBe(true)
  })
})
