import { isRecord, type HttpRequest, type Invocation, type NormalizedResult, type Provider } from '../model/index.js'
import { createDetector, decodeBytesEvent } from './detect.js'
import { errorResult } from './errors.js'
import { InvocationRecord, storage, takeColdStart } from './invocation.js'
import type { ResolvedOptions } from './options.js'

/** The platform's callback, for the `(event, context, callback)` convention. */
export type PlatformCallback = (error: unknown, result?: unknown) => void

/**
 * The function you export as the platform handler. It works as `async (event, context)` and as
 * `(event, context, callback)`, and also as FC 2.0's `(request, response, context)`; its declared arity is
 * two, as AWS's newest Node.js runtimes require.
 */
export type EntryFunction = (event: any, context?: any, callback?: PlatformCallback) => Promise<any>

/** Runs one request through the user's code (a handler or an app) and normalizes its answer. */
export type HttpRunner = (request: HttpRequest, invocation: Invocation) => NormalizedResult | Promise<NormalizedResult>

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function'
}

/** Builds the entry function that detects the trigger, runs `run` inside the invocation, and answers in kind. */
export function createHttpEntry(providers: readonly Provider[], options: ResolvedOptions, run: HttpRunner): EntryFunction {
  const detect = createDetector(providers)
  const { debug, deadlineMarginMs, logger, callbackWaitsForEmptyEventLoop: waits } = options

  function execute(request: HttpRequest, invocation: InvocationRecord): NormalizedResult | Promise<NormalizedResult> {
    return storage.run(invocation, run, request, invocation)
  }

  // Synchronous as far as the user's code allows: a handler that answers synchronously costs no promise hop.
  function invoke(event: unknown, context: unknown, third: unknown): unknown {
    if (event instanceof Uint8Array) event = decodeBytesEvent(event)
    const { adapter, provider } = detect(event, context)
    // Responder-style platforms call (request, responder, context): the platform context is the third argument.
    const platformContext = adapter.responder ? third : context
    if (isRecord(platformContext) && 'callbackWaitsForEmptyEventLoop' in platformContext) {
      platformContext.callbackWaitsForEmptyEventLoop = waits
    }
    const invocation = new InvocationRecord(provider, adapter.trigger, platformContext, event, takeColdStart(), deadlineMarginMs, logger)
    const fail = (error: unknown) => errorResult(error, debug, invocation.logger)
    const answer = (result: NormalizedResult) => {
      invocation.end()
      return adapter.toResult(result, event, context, invocation)
    }
    let result: NormalizedResult | Promise<NormalizedResult>
    try {
      const request = adapter.toRequest(event, platformContext, options.request)
      result = isPromise(request) ? request.then((ready) => execute(ready, invocation)) : execute(request, invocation)
    } catch (error) {
      result = fail(error)
    }
    if (!isPromise(result)) return answer(result)
    return result.then(undefined, fail).then(answer)
  }

  // Declared with two parameters: a third (callback or FC 2.0 context) is read from `arguments`.
  return function faasportEntry(event: unknown, context: unknown) {
    const third: unknown = arguments[2]
    let promise: Promise<unknown>
    try {
      const out = invoke(event, context, third)
      promise = isPromise(out) ? out : Promise.resolve(out)
    } catch (error) {
      promise = Promise.reject(error)
    }
    if (typeof third !== 'function') return promise
    const callback = third as PlatformCallback
    // The callback gets the outcome exactly once; the returned promise then never rejects, so a platform
    // that only listens to the callback cannot see an unhandled rejection.
    return promise.then(
      (result) => {
        callback(null, result)
        return result
      },
      (error: unknown) => {
        callback(error)
        return undefined
      },
    )
  } as EntryFunction
}
