import { isDeepStrictEqual } from 'node:util'
import type { ResponseStreamRecorder, StreamedResponse, StreamingKit } from '../model/index.js'

/**
 * Why `invoke()` refused a handler's behaviour: it did not finish in time, called back twice, answered two ways,
 * or (a streaming handler) did not return a promise or left its stream unfinished or destroyed.
 */
export type InvokeProblem = 'timeout' | 'callback-twice' | 'disagreement' | 'unfinished-stream'

/** A handler broke the calling convention: it never finished, called back twice, or answered two ways. */
export class InvokeError extends Error {
  /** Which rule the handler broke. */
  readonly problem: InvokeProblem
  constructor(problem: InvokeProblem, message: string) {
    super(message)
    this.name = 'InvokeError'
    this.problem = problem
  }
}

/** Options for `invoke()`. */
export interface InvokeOptions {
  /**
   * How long the handler may take before `invoke()` fails with `InvokeError('timeout')`, as the platform
   * would stop it. Default: the context's remaining time (a mock context counts down from 3 000 ms), or
   * 3 000 ms for a context without one.
   */
  timeoutMs?: number
}

/** The limit when neither the options nor the context give one: the platforms' default function timeout. */
export const DEFAULT_TIMEOUT_MS = 3000

type AnyHandler = (event: any, context: any, callback: (error: unknown, result?: unknown) => void) => unknown

type Outcome = { error: unknown; result: unknown }

const DISAGREEMENT = 'the handler answered differently through its callback and its returned promise (or a throw)'

/** The timeout error, worded for what the handler failed to do and where the limit came from. */
export function timeoutError(timeoutMs: number, what = 'finish', why?: string): InvokeError {
  return new InvokeError('timeout', `the handler did not ${what} within ${timeoutMs} ms${why ? ` (${why})` : ''}`)
}

/**
 * Races `promise` against a `timeoutMs` timer that rejects with `InvokeError('timeout')`. The timer is not
 * unref'd: a handler that never answers must fail the test, not let the process end quietly.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what?: string, why?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs, what, why)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Receives a problem that arrived after `runHandler()` had already handed back its result. */
export type LateReporter = (error: InvokeError) => void

/**
 * The default `LateReporter`: throws the error on its own, out of any caller's reach, so it becomes an uncaught
 * exception. The result has already been returned, so there is no promise left to reject; an uncaught error is
 * what test runners report as an error that fails the run (vitest does, even after the test has passed).
 */
export function throwLater(error: InvokeError): void {
  setImmediate(() => {
    throw error
  })
}

/**
 * Runs an entry function as a platform would, passing a callback and awaiting a returned promise, and returns
 * the raw platform result. Like the platforms, the first answer (callback, returned promise, or a synchronous
 * throw) is the outcome; `invoke()` then keeps watching until the returned promise has settled, plus one turn
 * of the event loop, and fails with `InvokeError` on a second callback or on a callback and promise that
 * answer differently. Without an answer within `timeoutMs` it fails with `InvokeError('timeout')`; with an
 * answer but a promise still pending then, it returns the answer. `why` says where the limit came from.
 *
 * After that the callback stays armed (holding nothing that keeps the process alive): a second callback, or a
 * callback or promise contradicting the answer already returned, goes to `late` (default: `throwLater`).
 */
export function runHandler(
  handler: AnyHandler,
  event: unknown,
  context: unknown,
  timeoutMs: number,
  why?: string,
  late: LateReporter = throwLater,
): Promise<any> {
  return new Promise((resolve, reject) => {
    let done = false
    let calls = 0
    let first: Outcome | undefined
    let viaCallback: Outcome | undefined
    let viaReturn: Outcome | undefined
    let pending = false
    let checkQueued = false
    // The handler's own answer, once handed back; late problems are measured against it.
    let returned: Outcome | undefined
    const reported = new Set<InvokeProblem>()

    const timer = setTimeout(() => {
      if (first && !problem()) finish(first)
      else finish({ error: problem() ?? timeoutError(timeoutMs, 'finish', why), result: undefined })
    }, timeoutMs)

    function finish(outcome: Outcome) {
      if (done) return
      done = true
      clearTimeout(timer)
      if (outcome === first) returned = outcome
      if (outcome.error !== undefined) reject(outcome.error)
      else resolve(outcome.result)
    }

    // Like the platforms, the first answer wins: a promise resolving to nothing after the callback defers to it,
    // but a callback after the promise (or a throw) must carry the very same answer.
    function disagree(): boolean {
      if (!viaCallback || !viaReturn) return false
      return first === viaReturn ? !sameOutcome(viaCallback, viaReturn) : !agree(viaCallback, viaReturn)
    }

    function problem(): InvokeError | undefined {
      if (calls > 1) return new InvokeError('callback-twice', `the handler called its callback ${calls} times`)
      if (disagree()) return new InvokeError('disagreement', DISAGREEMENT)
      return undefined
    }

    // After the result was handed back (not after a failure: that already told the caller what went wrong).
    function lateProblem(): InvokeError | undefined {
      const after = 'after invoke() had returned its result'
      if (calls > 1) return new InvokeError('callback-twice', `the handler called its callback ${calls} times, the last ${after}`)
      if (!disagree()) return undefined
      return new InvokeError('disagreement', `${DISAGREEMENT}; ${first === viaReturn ? 'its callback' : 'its returned promise'} answered ${after}`)
    }

    function reportLate() {
      const broken = returned && lateProblem()
      if (!broken || reported.has(broken.problem)) return
      reported.add(broken.problem)
      late(broken)
    }

    // Checks one turn after the latest answer, so a second callback or a contradicting promise in that time
    // is caught; while the returned promise is pending, the watch goes on.
    function check() {
      checkQueued = false
      if (done) return
      const broken = problem()
      if (broken) return finish({ error: broken, result: undefined })
      if (first && !pending) finish(first)
    }

    function answered(outcome: Outcome) {
      if (done) return reportLate()
      first ??= outcome
      if (!checkQueued) {
        checkQueued = true
        setImmediate(check)
      }
    }

    const callback = (error: unknown, result?: unknown) => {
      calls++
      if (calls === 1) viaCallback = { error: error ?? undefined, result }
      answered(viaCallback!)
    }

    try {
      const returnedValue = handler(event, context, callback) as PromiseLike<unknown> | undefined
      if (typeof returnedValue?.then === 'function') {
        pending = true
        returnedValue.then(
          (result) => {
            pending = false
            answered((viaReturn = { error: undefined, result }))
          },
          (error: unknown) => {
            pending = false
            answered((viaReturn = { error: error ?? new Error('the handler rejected without a reason'), result: undefined }))
          },
        )
      }
    } catch (error) {
      answered((viaReturn = { error: error ?? new Error('the handler threw without a reason'), result: undefined }))
    }
  })
}

/** Two answers are the same when they carry the same error, or no error and deep-equal results. */
function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.error !== undefined || b.error !== undefined) return a.error === b.error
  return isDeepStrictEqual(a.result, b.result)
}

/** Callback and promise agree when they carry the same outcome; a promise resolving to nothing defers to the callback that came first. */
function agree(callback: Outcome, promise: Outcome): boolean {
  if (promise.error === undefined && promise.result === undefined) return true
  if (callback.error !== undefined) return promise.error === callback.error
  return promise.error === undefined && isDeepStrictEqual(callback.result, promise.result)
}

/** A streaming handler, as the Lambda runtime calls it. */
export type StreamingForm = (event: unknown, responseStream: unknown, context?: unknown) => unknown

/**
 * Runs a streaming handler `(event, responseStream, context)` as the Lambda runtime does and returns what it
 * streamed (prelude, body, chunks with their times). As the runtime, it needs the handler to return a promise
 * and to have ended its stream once that promise resolves (the runtime waits for the stream's end first); a
 * rejection is the handler's failure and rejects with its error, even after part of the body went out.
 * `live` gets the stream before the handler runs, to follow the answer as it is written.
 */
export async function runStreaming(
  form: StreamingForm,
  streaming: StreamingKit,
  event: unknown,
  context: unknown,
  timeoutMs: number,
  why?: string,
  live?: (stream: ResponseStreamRecorder) => void,
): Promise<StreamedResponse> {
  const startedAt = performance.now()
  const stream = streaming.recorder(startedAt)
  live?.(stream)
  const ended = new Promise<void>((resolve, reject) => {
    stream.once('finish', () => resolve())
    stream.once('close', () => {
      if (!stream.writableFinished) reject(new InvokeError('unfinished-stream', 'the handler destroyed its response stream before ending it'))
    })
  })
  // Observed from the start, so a rejection before the handler settles is never unhandled.
  ended.catch(() => {})
  const returned = form(event, stream, context) as PromiseLike<unknown> | undefined
  if (typeof returned?.then !== 'function') {
    throw new InvokeError('unfinished-stream', 'a streaming handler must return a promise (the Lambda runtime refuses non-async streaming handlers)')
  }
  await withTimeout(Promise.resolve(returned), timeoutMs, 'finish', why)
  const left = Math.max(0, timeoutMs - (performance.now() - startedAt))
  await withTimeout(ended, left).catch((error: unknown) => {
    throw error instanceof InvokeError && error.problem === 'timeout' ? timeoutError(timeoutMs, 'end its response stream', why) : error
  })
  return stream.response()
}
