import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { handle } from '../../src/index.js'
import { events, invoke, InvokeError, mockContext } from '../../src/entries/testing.js'
import { runHandler } from '../../src/testing/invoke.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const problem = (promise: Promise<unknown>) => promise.then(
  () => 'resolved',
  (e: unknown) => (e instanceof InvokeError ? e.problem : e),
)

describe('invoke', () => {
  const event = events.aws.apiGatewayV2({ path: '/x' })
  const context = () => mockContext('aws')

  it('runs async and callback handlers alike and returns the raw result', async () => {
    expect(await invoke(async () => ({ statusCode: 201 }), event, context())).toEqual({ statusCode: 201 })
    expect(await invoke((_e, _c, cb) => cb(null, { statusCode: 202 }), event, context())).toEqual({ statusCode: 202 })
    expect(await invoke((_e, _c, cb) => setTimeout(() => cb(null, 'later'), 5), event, context())).toBe('later')
    const entry = handle(() => 'faasport')
    expect(await invoke(entry, event, context())).toMatchObject({ statusCode: 200, body: 'faasport' })
    // faasport's entries call the callback and resolve their promise with the same result.
    expect(await invoke((e, c, cb) => entry(e, c, cb), event, context())).toMatchObject({ statusCode: 200, body: 'faasport' })
  })

  it('rethrows the handler’s own errors, however they arrive', async () => {
    const boom = new Error('boom')
    await expect(invoke(() => { throw boom }, event, context())).rejects.toBe(boom)
    await expect(invoke(async () => Promise.reject(boom), event, context())).rejects.toBe(boom)
    await expect(invoke((_e, _c, cb) => cb(boom), event, context())).rejects.toBe(boom)
    await expect(invoke(() => { throw null }, event, context())).rejects.toThrow(/threw without a reason/)
  })

  it('fails clearly on a callback called twice', async () => {
    const error = await invoke((_e, _c, cb) => { cb(null, 1); cb(null, 2) }, event, context()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvokeError)
    expect((error as InvokeError).problem).toBe('callback-twice')
    expect((error as Error).message).toContain('2 times')
  })

  it('keeps watching while the returned promise is pending: a later second callback is caught', async () => {
    expect(await problem(invoke(async (_e, _c, cb) => { cb(null, 1); await sleep(10); cb(null, 2) }, event, context()))).toBe('callback-twice')
  })

  it('fails clearly when callback and promise (or a throw) disagree, however late the promise settles', async () => {
    expect(await problem(invoke((_e, _c, cb) => { cb(null, 'a'); return Promise.resolve('b') }, event, context()))).toBe('disagreement')
    expect(await problem(invoke(async (_e, _c, cb) => { cb(null, 1); await sleep(10); throw new Error('late') }, event, context()))).toBe('disagreement')
    expect(await problem(invoke(async (_e, _c, cb) => { cb(null, 1); await sleep(10); return 2 }, event, context()))).toBe('disagreement')
    expect(await problem(invoke((_e, _c, cb) => { cb(null, 1); throw new Error('sync') }, event, context()))).toBe('disagreement')
    expect(await invoke((_e, _c, cb) => { cb(null, 'same'); return Promise.resolve('same') }, event, context())).toBe('same')
    // A promise resolving to nothing defers to the callback.
    expect(await invoke(async (_e, _c, cb) => { cb(null, 'cb') }, event, context())).toBe('cb')
  })

  it('a callback after a promise that resolved to nothing contradicts the answer already taken', async () => {
    // The platforms take the first answer: the promise's nothing. The callback's value would be lost.
    expect(await problem(invoke(async (_e, _c, cb) => { setImmediate(() => cb(null, 'cb')) }, event, context()))).toBe('disagreement')
    expect(await invoke(async (_e, _c, cb) => { setImmediate(() => cb(null)) }, event, context())).toBeUndefined()
  })

  it('returns the first answer when the returned promise is still pending at the limit', async () => {
    expect(await invoke((_e, _c, cb) => { cb(null, 'first'); return new Promise(() => {}) }, event, context(), { timeoutMs: 50 })).toBe('first')
  })

  it('fails clearly when the handler never finishes', async () => {
    const error = await invoke(() => new Promise(() => {}), event, context(), { timeoutMs: 50 }).catch((e: unknown) => e)
    expect((error as InvokeError).problem).toBe('timeout')
    expect((error as Error).message).toBe('the handler did not finish within 50 ms')
    expect(await problem(invoke(() => undefined, event, context(), { timeoutMs: 50 }))).toBe('timeout')
  })
})

describe('invoke: the time limit is the platform’s', () => {
  const slow = async (_e: unknown, c: { getRemainingTimeInMillis?: () => number }) => {
    await sleep(150)
    return c.getRemainingTimeInMillis?.()
  }

  it.each([
    ['aws', events.aws.apiGatewayV2()],
    ['aliyun', events.aliyun.httpV3()],
    ['tencent', events.tencent.apiGateway()],
  ] as const)('a handler over the %s context’s time fails with a timeout, as the platform would stop it', async (provider, ev) => {
    const error = await invoke(slow, ev, mockContext(provider, { timeoutMs: 50 })).catch((e: unknown) => e)
    expect((error as InvokeError).problem).toBe('timeout')
    expect((error as Error).message).toMatch(/within \d+ ms \(the context's remaining time\)/)
  })

  it('says so when a mock context had already run out', async () => {
    const old = mockContext('aws', { timeoutMs: 1 })
    await sleep(5)
    await expect(invoke(slow, events.aws.apiGatewayV2(), old)).rejects.toThrow(/within 0 ms \(the context's remaining time, which had run out: .* make one per invocation\)/)
  })

  it('defaults to a 3 s mock context, under the 5 s test timeout of vitest and jest', async () => {
    const remaining = await invoke(async (_e, c) => c.getRemainingTimeInMillis(), events.aws.sqs(['m']))
    expect(remaining).toBeGreaterThan(2500)
    expect(remaining).toBeLessThanOrEqual(3000)
  })

  it('an explicit timeoutMs wins, and a mock context made for the call counts down from it', async () => {
    expect(await invoke(slow, events.aws.apiGatewayV2(), mockContext('aws', { timeoutMs: 50 }), { timeoutMs: 1000 })).toBe(0)
    const remaining = await invoke(async (_e, c) => c.getRemainingTimeInMillis(), events.aws.apiGatewayV2(), undefined, { timeoutMs: 20_000 })
    expect(remaining).toBeGreaterThan(19_000)
  })

  it('a context without a countdown gets 3 s', async () => {
    const error = await invoke(() => new Promise(() => {}), {}, {}).catch((e: unknown) => e)
    expect((error as Error).message).toBe('the handler did not finish within 3000 ms')
  }, 10_000)
})

describe('invoke: the context is optional', () => {
  const who = handle((_req, inv) => ({ provider: inv.provider, requestId: inv.requestId }))

  it.each([
    ['aws', events.aws.functionUrl()],
    ['aliyun', events.aliyun.httpV3()],
    ['tencent', events.tencent.functionUrl()],
  ] as const)('a %s event gets a mock context of its own provider', async (provider, ev) => {
    const result = await invoke(who, ev)
    const body = JSON.parse(result.body as string)
    expect(body.provider).toBe(provider)
    expect(body.requestId).toMatch(/\w{8}/)
  })

  it('an event nobody recognises gets Lambda’s context', async () => {
    const context = await invoke(async (_e, c) => c, { anything: true })
    expect(typeof context.getRemainingTimeInMillis).toBe('function')
    expect(context.awsRequestId).toMatch(/^[\da-f-]{36}$/)
  })
})

describe('invoke in a process with nothing else to do', () => {
  // The limit's timer keeps the process alive: a handler that never finishes must fail, not end the process
  // quietly (as it would with an unref'd timer).
  it('rejects with a timeout instead of letting the process exit', () => {
    const testing = pathToFileURL(join(resolve(__dirname, '../..'), 'dist', 'testing.js')).href
    const script = `import { invoke } from ${JSON.stringify(testing)}
      invoke(() => new Promise(() => {}), {}, undefined, { timeoutMs: 100 }).then(() => console.log('resolved'), (e) => console.log('rejected', e.problem))
      invoke((e, c, cb) => {}, {}, undefined, { timeoutMs: 100 }).then(() => console.log('resolved'), (e) => console.log('rejected', e.problem))`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 })
    expect(out.trim().split('\n')).toEqual(['rejected timeout', 'rejected timeout'])
  })
})

describe('invoke: answers after the result was returned', () => {
  type Handler = Parameters<typeof runHandler>[0]
  /** Runs the handler with a late reporter that collects, and waits `ms` for late answers after the result. */
  async function lateProblems(handler: Handler, ms = 40, timeoutMs = 1000): Promise<{ result: unknown; late: InvokeError[] }> {
    const late: InvokeError[] = []
    const result = await runHandler(handler, {}, {}, timeoutMs, undefined, (e) => late.push(e)).catch((e: unknown) => e)
    await sleep(ms)
    return { result, late }
  }

  it('a second callback after the result is reported as callback-twice, saying it came late', async () => {
    const { result, late } = await lateProblems((_e, _c, cb) => { cb(null, 1); setTimeout(() => cb(null, 2), 5) })
    expect(result).toBe(1)
    expect(late.map((e) => e.problem)).toEqual(['callback-twice'])
    expect(late[0]!.message).toBe('the handler called its callback 2 times, the last after invoke() had returned its result')
  })

  it('a late callback that contradicts the returned promise is reported as a disagreement', async () => {
    const { result, late } = await lateProblems((_e, _c, cb) => { setTimeout(() => cb(null, 2), 10); return Promise.resolve(1) })
    expect(result).toBe(1)
    expect(late.map((e) => [e.problem, e.message])).toEqual([
      ['disagreement', 'the handler answered differently through its callback and its returned promise (or a throw); its callback answered after invoke() had returned its result'],
    ])
    // A late error through the callback contradicts a resolved promise too; so does any value after a throw.
    expect((await lateProblems((_e, _c, cb) => { setTimeout(() => cb(new Error('late')), 5); return Promise.resolve(1) })).late.map((e) => e.problem)).toEqual(['disagreement'])
    expect((await lateProblems(async (_e, _c, cb) => { setTimeout(() => cb(null, 'x'), 5) })).late.map((e) => e.problem)).toEqual(['disagreement'])
  })

  it('a returned promise that settles differently after the callback’s answer was returned is a disagreement', async () => {
    const { result, late } = await lateProblems((_e, _c, cb) => { cb(null, 1); return new Promise((r) => setTimeout(() => r(2), 80)) }, 120, 30)
    expect(result).toBe(1)
    expect(late.map((e) => e.problem)).toEqual(['disagreement'])
    expect(late[0]!.message).toMatch(/its returned promise answered after invoke\(\) had returned its result$/)
  })

  it('late answers that agree with the result are fine, and each problem is reported once', async () => {
    expect((await lateProblems((_e, _c, cb) => { setTimeout(() => cb(null, 1), 5); return Promise.resolve(1) })).late).toEqual([])
    expect((await lateProblems(async (_e, _c, cb) => { setTimeout(() => cb(null), 5) })).late).toEqual([])
    expect((await lateProblems((_e, _c, cb) => { cb(null, 1); return new Promise((r) => setTimeout(r, 60)) }, 100, 20)).late).toEqual([])
    const thrice = await lateProblems((_e, _c, cb) => { cb(null, 1); setTimeout(() => { cb(null, 2); cb(null, 3) }, 5) })
    expect(thrice.late.map((e) => e.message)).toEqual(['the handler called its callback 2 times, the last after invoke() had returned its result'])
  })

  it('nothing is reported late when invoke() had already failed: the failure said what went wrong', async () => {
    const twice = await lateProblems((_e, _c, cb) => { cb(null, 1); cb(null, 2); setTimeout(() => cb(null, 3), 5) })
    expect((twice.result as InvokeError).problem).toBe('callback-twice')
    expect(twice.late).toEqual([])
    const timedOut = await lateProblems((_e, _c, cb) => void setTimeout(() => cb(null, 'too late'), 40), 60, 10)
    expect((timedOut.result as InvokeError).problem).toBe('timeout')
    expect(timedOut.late).toEqual([])
  })

  // The default reporter, in a process of its own: it must reach the runner as an uncaught error (vitest and
  // jest fail the run on one) without keeping the process alive once the handler is quiet.
  const testing = pathToFileURL(join(resolve(__dirname, '../..'), 'dist', 'testing.js')).href
  const node = (script: string) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] }), err: '' }
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string }
      return { code: e.status, out: e.stdout, err: e.stderr }
    }
  }

  it('by default a late problem is an uncaught InvokeError, which fails the process', () => {
    const { code, out, err } = node(`import { invoke } from ${JSON.stringify(testing)}
      const result = await invoke((e, c, cb) => { cb(null, 1); setTimeout(() => cb(null, 2), 5) }, {})
      console.log('resolved', result)`)
    expect(out).toBe('resolved 1\n')
    expect(code).toBe(1)
    expect(err).toContain('InvokeError: the handler called its callback 2 times, the last after invoke() had returned its result')
  })

  it('both of the reviewer’s cases are caught, and the process still ends on its own', () => {
    const { code, out } = node(`import { invoke } from ${JSON.stringify(testing)}
      process.on('uncaughtException', (e) => console.log('uncaught', e.name, e.problem))
      console.log('resolved', await invoke((e, c, cb) => { cb(null, 1); setTimeout(() => cb(null, 2), 5) }, {}))
      await new Promise((r) => setTimeout(r, 20))
      console.log('resolved', await invoke((e, c, cb) => { setTimeout(() => cb(null, 2), 10); return Promise.resolve(1) }, {}))
      // A handler that keeps its callback and never calls it again holds nothing open.
      console.log('resolved', await invoke((e, c, cb) => { cb(null, 3); globalThis.kept = cb }, {}))`)
    expect(code).toBe(0)
    // Late reports come when the handler's timers fire, so the order of the lines is not fixed.
    expect(out.trim().split('\n').sort()).toEqual(['resolved 1', 'resolved 1', 'resolved 3', 'uncaught InvokeError callback-twice', 'uncaught InvokeError disagreement'])
  })
})
