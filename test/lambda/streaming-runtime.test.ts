import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { events } from 'faasport/testing'
import { PRELUDE_TYPE, splitPrelude, startLambda } from '../helpers/runtime-api.mjs'

// Streaming answers under the real AWS Lambda runtime interface client (aws-lambda-ric), against a local Runtime
// API that records each chunk as it arrives and the error trailers of a failed stream. The handlers are in
// test/fixtures/lambda-stream/handlers.mjs; their routes wait, between chunks, until the Runtime API has received
// the previous one (a "gate"), so a route can only finish when its answer really streams.
// Formats: https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html (Function URLs) and
// https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html (REST APIs).

const root = fileURLToPath(new URL('../fixtures/lambda-stream/', import.meta.url))
const running = new Map<string, Promise<Awaited<ReturnType<typeof startLambda>>>>()

/** The runtime running `handlers.<name>` (with `nodeOptions`), started once for the file. */
function lambda(name: string, nodeOptions = '') {
  const key = `${name} ${nodeOptions}`
  let started = running.get(key)
  if (!started) running.set(key, (started = startLambda(root, `handlers.${name}`, { env: { NODE_OPTIONS: nodeOptions } })))
  return started
}

afterAll(async () => {
  await Promise.all([...running.values()].map(async (l) => (await l).stop()))
})

const url = (path: string) => events.aws.functionUrl({ path })

/** A streamed HTTP answer's prelude and body text. */
function http(answer: Awaited<ReturnType<Awaited<ReturnType<typeof startLambda>>['invoke']>>) {
  expect(answer.mode).toBe('streaming')
  expect(answer.contentType).toBe(PRELUDE_TYPE)
  const split = splitPrelude(answer.body!)
  expect(split, 'an http-integration-response prelude').toBeDefined()
  return { prelude: split!.prelude, text: split!.body.toString('utf8'), body: split!.body }
}

describe('the harness', () => {
  it('tells a hand-written streamifyResponse handler (the control) from a buffered answer', async () => {
    const control = await (await lambda('handWritten')).invoke(url('/'))
    const { prelude, text } = http(control)
    expect(prelude).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain' } })
    expect(text).toBe('hand written')
    expect(control.errorType).toBeUndefined()

    const buffered = await (await lambda('expressBuffered')).invoke(url('/json'))
    expect(buffered.mode).toBe('buffered')
    expect(buffered.payload).toMatchObject({ statusCode: 201, body: '{"ok":true}' })
  })

  it('loads stream: true exports as streaming handlers with two declared parameters', async () => {
    const { payload } = await (await lambda('report')).invoke({})
    expect(payload).toEqual({ expressStream: 'string', expressBuffered: 'undefined', length: 2 })
  })
})

describe('serve(express, { stream: true }) under the Lambda runtime', () => {
  it('streams an SSE route through a Function URL, each event as it is written', async () => {
    const answer = await (await lambda('expressStream')).invoke(url('/sse'))
    const { prelude, text } = http(answer)
    expect(prelude).toEqual({ statusCode: 200, headers: { 'x-powered-by': 'Express', 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } })
    expect(text).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n')
    expect(answer.errorType).toBeUndefined()
  })

  it('puts status, every header and every cookie in a Function URL prelude', async () => {
    const { prelude, text } = http(await (await lambda('expressStream')).invoke(url('/json')))
    expect(prelude).toEqual({
      statusCode: 201,
      headers: {
        'x-powered-by': 'Express',
        vary: 'accept, origin',
        'content-type': 'application/json; charset=utf-8',
        'content-length': '11',
        etag: expect.any(String),
      },
      cookies: ['a=1; Path=/', 'b=2; Path=/; HttpOnly'],
    })
    expect(text).toBe('{"ok":true}')
  })

  it('gives a REST API streaming integration its payload 1.0 prelude, cookies in multiValueHeaders', async () => {
    const { prelude, text } = http(await (await lambda('expressStream')).invoke(events.aws.apiGatewayV1({ path: '/json' })))
    expect(prelude).toEqual({
      statusCode: 201,
      headers: { 'x-powered-by': 'Express', 'content-type': 'application/json; charset=utf-8', 'content-length': '11', etag: expect.any(String) },
      multiValueHeaders: { vary: ['accept', 'origin'], 'set-cookie': ['a=1; Path=/', 'b=2; Path=/; HttpOnly'] },
    })
    expect(text).toBe('{"ok":true}')
  })

  it('writes the usual JSON result for triggers that cannot stream (HTTP API, ALB)', async () => {
    const v2 = await (await lambda('expressStream')).invoke(events.aws.apiGatewayV2({ path: '/json' }))
    expect(v2).toMatchObject({ mode: 'streaming', contentType: 'application/json' })
    expect(JSON.parse(v2.body!.toString('utf8'))).toMatchObject({ statusCode: 201, body: '{"ok":true}', cookies: ['a=1; Path=/', 'b=2; Path=/; HttpOnly'], isBase64Encoded: false })

    const alb = await (await lambda('expressStream')).invoke(events.aws.alb({ path: '/json' }))
    expect(JSON.parse(alb.body!.toString('utf8'))).toMatchObject({ statusCode: 201, statusDescription: '201 Created', body: '{"ok":true}' })
  })

  it('sends the prelude of an answer without a body', async () => {
    const { prelude, body } = http(await (await lambda('expressStream')).invoke(url('/empty')))
    expect(prelude).toMatchObject({ statusCode: 204 })
    expect(body.length).toBe(0)
  })

  it('streams 200 MB with the runtime stream\'s backpressure: the heap grows by a few MB at most, buffers stay bounded', async () => {
    // --expose-gc: the route collects garbage before each memory sample, so only what is held counts.
    const l = await lambda('expressStream', '--expose-gc')
    const answer = await l.invoke(url('/download?mb=200'), { record: false, timeoutMs: 120_000 })
    expect(answer.mode).toBe('streaming')
    expect(answer.errorType).toBeUndefined()
    await expect.poll(() => /MEMORY (.*)/.exec(l.output)?.[1]).toBeDefined()
    const memory = JSON.parse(/MEMORY (.*)/.exec(l.output)![1]!) as { peakHeap: number; peakBuffers: number }
    const prelude = JSON.stringify({ statusCode: 200, headers: { 'x-powered-by': 'Express', 'content-type': 'application/octet-stream' } })
    expect(answer.size).toBe(Buffer.byteLength(prelude) + 8 + 200 * 1024 * 1024)
    // Buffered, or written on without waiting for drain, the body alone would take 200 MB (211 MB measured with
    // the bridge's backpressure switched off). Buffer memory is what the runtime's own HTTP client holds while
    // its socket is busy: a hand-written pipeline() handler peaks between 4 and 27 MB here too.
    expect(memory.peakHeap).toBeLessThan(4 * 1024 * 1024)
    expect(memory.peakBuffers).toBeLessThan(64 * 1024 * 1024)
  }, 150_000)

  it('ends a stream that fails after its head as a function error (trailers), logged once with the request id', async () => {
    const l = await lambda('expressStream')
    const answer = await l.invoke(url('/fail-after-write'))
    const { text } = http(answer)
    expect(text).toBe('partial')
    expect(answer.errorType).toBe('Error')
    expect(answer.errorBody).toMatchObject({ errorType: 'Error', errorMessage: 'broke mid-stream' })
    // The child's output reaches this process on its own pipe, possibly after the answer did.
    const failures = () => l.output.split('\n').filter((line) => line.includes('faasport:') && line.includes('failed after its head went out'))
    await expect.poll(failures).toHaveLength(1)
    expect(failures()[0]).toMatch(/request req-\d+-/)
  })

  it('ends a response the app destroys mid-stream as a function error', async () => {
    const answer = await (await lambda('expressStream')).invoke(url('/destroy'))
    expect(http(answer).text).toBe('partial')
    expect(answer.errorType).toBe('Error')
    expect(answer.errorBody).toMatchObject({ errorMessage: 'the app closed the response without finishing it' })
  })

  it('streams the usual 500 when the app fails before answering', async () => {
    const answer = await (await lambda('expressStream')).invoke(url('/throw'))
    const { prelude, text } = http(answer)
    expect(prelude).toMatchObject({ statusCode: 500, headers: { 'content-type': 'application/json; charset=utf-8' } })
    expect(JSON.parse(text)).toEqual({ error: 'Internal Server Error' })
    expect(answer.errorType).toBeUndefined()
  })

  it('ends a stream still open shortly before the deadline as a function error, and closes the app\'s request', async () => {
    const l = await lambda('expressStream')
    const answer = await l.invoke(url('/hang'), { timeoutMs: 1500 })
    expect(http(answer).text).toBe('started ')
    expect(answer.errorType).toBe('StreamDeadlineError')
    // Cut at the deadline less half the 500 ms margin: well before the platform would kill the function.
    expect(answer.endMs).toBeLessThan(1500)
    await expect.poll(() => l.output).toContain('HANG CLOSED')
    expect(l.output).toContain('still open 250 ms before the invocation\'s deadline')
  })

  it('answers 504 when nothing was answered shortly before the deadline', async () => {
    const answer = await (await lambda('expressStream')).invoke(url('/never'), { timeoutMs: 1500 })
    const { prelude } = http(answer)
    expect(prelude).toMatchObject({ statusCode: 504 })
    expect(answer.errorType).toBeUndefined()
  })

  it('fails an event that is not an HTTP request, naming it', async () => {
    const answer = await (await lambda('expressStream')).invoke(events.aws.sqs(['x']))
    expect(answer.errorType).toBe('UnsupportedEventError')
    expect(answer.errorBody?.errorMessage).toContain('an object with keys: Records')
    expect(answer.errorBody?.errorMessage).toContain('route timers, storage and queue events with on()')
  })
})

describe('other app kinds under the Lambda runtime', () => {
  it('streams a Koa Readable body', async () => {
    const { prelude, text } = http(await (await lambda('koaStream')).invoke(url('/tokens')))
    expect(prelude).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    expect(text).toBe('one two')
  })

  it('streams a fetch app\'s ReadableStream body, every Set-Cookie in the prelude', async () => {
    const { prelude, text } = http(await (await lambda('fetchStream')).invoke(url('/tokens')))
    expect(prelude).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, cookies: ['session=abc; HttpOnly', 'theme=dark'] })
    expect(text).toBe('alpha beta')
  })

  it('ends a fetch app\'s body stream that errors as a function error', async () => {
    const answer = await (await lambda('fetchStream')).invoke(url('/broken'))
    expect(http(answer).text).toBe('first ')
    expect(answer.errorBody).toMatchObject({ errorMessage: 'the upstream stream failed' })
  })

  it('streams a handle() result whose body is an async generator', async () => {
    const { prelude, text } = http(await (await lambda('handlerStream')).invoke(url('/items')))
    expect(prelude).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-path': '/items' }, cookies: ['k=v'] })
    expect(text).toBe('chunk-1 chunk-2')
  })
})
