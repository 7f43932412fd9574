import { isDeepStrictEqual } from 'node:util'

/** Why `invoke()` refused a handler's behaviour. */
export type InvokeProblem = 'timeout' | 'callback-twice' | 'disagreement'

/** A handler broke the calling convention: it never finished, called back twice, or answered two ways. */
export class InvokeError extends Error {
  readonly problem: InvokeProblem
  constructor(problem: InvokeProblem, message: string) {
    super(message)
    this.name = 'InvokeError'
    this.problem = problem
  }
}

/** Options for `invoke()`. */
export interface InvokeOptions {
  /** How long the handler may take before `invoke()` fails with a timeout. Default 10 000 ms. */
  timeoutMs?: number
}

type AnyHandler = (event: any, context: any, callback: (error: unknown, result?: unknown) => void) => unknown

/**
 * Runs an entry function as a platform would, passing a callback and awaiting a returned promise, and returns
 * the raw platform result. Works for async and callback handlers alike; fails with `InvokeError` when the
 * callback is called twice, when callback and promise disagree, or when the handler does not finish in time.
 * A handler's own error (thrown, rejected or passed to the callback) is rethrown as it is.
 */
export function invoke(handler: AnyHandler, event: unknown, context: unknown, options: InvokeOptions = {}): Promise<any> {
  const timeoutMs = options.timeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    type Outcome = { error: unknown; result: unknown }
    let done = false
    let calls = 0
    let first: Outcome | undefined
    let viaCallback: Outcome | undefined
    let viaPromise: Outcome | undefined
    const timer = setTimeout(() => finish({ error: new InvokeError('timeout', `the handler did not finish within ${timeoutMs} ms`), result: undefined }), timeoutMs)
    timer.unref?.()

    function finish(outcome: Outcome) {
      if (done) return
      done = true
      clearTimeout(timer)
      if (outcome.error !== undefined) reject(outcome.error)
      else resolve(outcome.result)
    }

    // Like the Lambda runtime, the first of callback and promise to answer completes the invocation. The
    // answer is held for one turn of the event loop, so a second callback or a contradicting promise in that
    // time is caught rather than ignored.
    function answered(outcome: Outcome) {
      if (first) return
      first = outcome
      setImmediate(() => {
        if (calls > 1) return finish({ error: new InvokeError('callback-twice', `the handler called its callback ${calls} times`), result: undefined })
        if (viaCallback && viaPromise && !agree(viaCallback, viaPromise)) {
          return finish({ error: new InvokeError('disagreement', 'the handler answered differently through its callback and its returned promise'), result: undefined })
        }
        finish(outcome)
      })
    }

    const callback = (error: unknown, result?: unknown) => {
      calls++
      if (calls > 1) {
        if (done) return
        return answered({ error: undefined, result: undefined })
      }
      viaCallback = { error: error ?? undefined, result }
      answered(viaCallback)
    }

    try {
      const returned = handler(event, context, callback) as PromiseLike<unknown> | undefined
      if (typeof returned?.then === 'function') {
        returned.then(
          (result) => answered((viaPromise = { error: undefined, result })),
          (error: unknown) => answered((viaPromise = { error: error ?? new Error('the handler rejected without a reason'), result: undefined })),
        )
      }
    } catch (error) {
      finish({ error: error ?? new Error('the handler threw without a reason'), result: undefined })
    }
  })
}

/** Callback and promise agree when they carry the same outcome; a promise resolving to nothing defers to the callback. */
function agree(callback: { error: unknown; result: unknown }, promise: { error: unknown; result: unknown }): boolean {
  if (promise.error === undefined && promise.result === undefined) return true
  if (callback.error !== undefined) return promise.error === callback.error
  return promise.error === undefined && isDeepStrictEqual(callback.result, promise.result)
}
