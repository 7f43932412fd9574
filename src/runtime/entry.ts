import {
  adapterName,
  badGatewayResult,
  deadlineResult,
  errorResult,
  isRecord,
  UnsupportedEventError,
  type Abandonable,
  type Completion,
  type HttpAdapter,
  type HttpRequest,
  type Invocation,
  type NormalizedResult,
  type Provider,
} from '../model/index.js'
import { describeRequest, logNoAnswer, unwatchDeadline, watchDeadline, type Expiring } from './deadline.js'
import { decodeBytesEvent, type Detected } from './detect.js'
import { logOversize, oversize, oversizeBody } from './result-size.js'
import { InvocationRecord, storage, takeColdStart } from './invocation.js'
import type { ResolvedOptions } from './options.js'

/** The platform's callback, for the `(event, context, callback)` convention. */
export type PlatformCallback = (error: unknown, result?: unknown) => void

/**
 * The function you export as the platform handler. It works as `async (event, context)` and as
 * `(event, context, callback)`, and also as FC 2.0's `(request, response, context)`; its declared arity is
 * two, as AWS's newest Node.js runtimes require.
 */
export type EntryFunction = (event: any, context?: any, callbackOrContext?: PlatformCallback | object) => Promise<any>

/**
 * Runs one request through the user's code (a handler or an app) and hands its normalized answer to
 * `done`, returning what `done` returns (or a promise of it). A synchronous throw is the caller's to map.
 */
export type HttpRunner = <T>(request: HttpRequest, invocation: Invocation, done: Completion<T>) => T | Promise<T>

/** What an HTTP entry runs, kept on the entry function so `on({ http })` can reuse it without re-detecting. */
export interface HttpRoute {
  run: HttpRunner
  options: ResolvedOptions
  /** The app a `serve()` entry runs, so a real HTTP server can hand it real requests. */
  app?: unknown
  /** How `serve()` was told to call the app, if it was. */
  kind?: 'node' | 'fetch'
}

/** One invocation, synchronous as far as the user's code allows. */
type Invoke = (event: unknown, context: unknown, third: unknown) => unknown

const HTTP_ROUTE = Symbol.for('faasport.httpRoute')

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function'
}

/**
 * Wraps an invocation as the platform entry function: declared with two parameters, the third (a callback, or
 * FC 2.0's context) read from `arguments`; always returns a promise; calls a callback exactly once.
 */
export function wrapEntry(invoke: Invoke): EntryFunction {
  return function faasportEntry(event: unknown, context: unknown) {
    let third: unknown = arguments[2]
    // `(event, callback)`: the Functions Framework calls a cloudEvent function whose length is 2 that way.
    if (typeof context === 'function' && arguments.length === 2) {
      third = context
      context = undefined
    }
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

/** Events arrive as bytes on some platforms (FC): JSON becomes a value, anything else stays bytes. */
export function decodeEvent(event: unknown): unknown {
  return event instanceof Uint8Array ? decodeBytesEvent(event) : event
}

/** Applies the `callbackWaitsForEmptyEventLoop` option wherever the platform context has the property. */
export function applyContextOptions(context: unknown, options: ResolvedOptions): void {
  if (isRecord(context) && 'callbackWaitsForEmptyEventLoop' in context) {
    context.callbackWaitsForEmptyEventLoop = options.callbackWaitsForEmptyEventLoop
  }
}

/** The invocation record for a detected event. */
export function startInvocation(detected: Detected, context: unknown, event: unknown, options: ResolvedOptions): InvocationRecord {
  return new InvocationRecord(detected.provider, detected.adapter.trigger, context, event, takeColdStart(), options.deadlineMarginMs, options.logger)
}

/** The error for an event an entry recognises but has no route for. */
export function notRouted(detected: Detected, hint: string, kind: string = detected.adapter.kind): UnsupportedEventError {
  const name = adapterName(detected.adapter)
  return new UnsupportedEventError(`an ${name} event`, [name], `faasport: this is an ${name} event (${kind}), and ${hint}`)
}

/**
 * A completion that answers on its own shortly before the deadline if the user's code has not: `guard` takes the
 * runner's pending promise and returns one that settles at the answer, whichever comes first.
 */
export interface GuardedCompletion<T> extends Completion<T> {
  /** The request being answered, once read (for the deadline's log line). */
  request: HttpRequest | undefined
  guard(pending: Promise<unknown>): Promise<unknown>
}

/**
 * Completes one HTTP invocation: ends it and writes the trigger's result, for an answer or an error, once (a later
 * answer is ignored). When the user's code is still running `deadlineMarginMs` before the deadline, the answer is
 * a 504, logged with the request id, the request and the time taken, and a Node app's response is closed.
 */
export class HttpCompletion implements GuardedCompletion<unknown>, Expiring {
  request: HttpRequest | undefined = undefined
  watchIndex = -1
  watchTimer: ReturnType<typeof setTimeout> | undefined = undefined
  #answered = false
  #value: unknown = undefined
  #settle: ((value: unknown) => void) | undefined = undefined
  #runner: Abandonable | undefined = undefined

  constructor(
    readonly adapter: HttpAdapter,
    readonly event: unknown,
    readonly context: unknown,
    readonly invocation: InvocationRecord,
    readonly options: ResolvedOptions,
    /** Where the trigger's result goes instead of being returned (a streaming entry writes it to its stream). */
    readonly deliver?: (platformResult: unknown) => unknown,
  ) {}

  complete(result: NormalizedResult): unknown {
    if (this.#answered) return this.#value
    this.#answered = true
    unwatchDeadline(this)
    this.invocation.end()
    const limit = this.options.maxResponseBytes ?? this.adapter.resultLimit?.bytes
    // A responder writes its answer as it makes it, so its body is judged before (by its bytes); any other result
    // after, as the JSON the runtime sends.
    if (limit !== undefined && this.adapter.responder && this.#over(oversizeBody(result, limit), limit)) result = badGatewayResult()
    let out = this.adapter.toResult(result, this.event, this.context, this.invocation)
    if (limit !== undefined && !this.adapter.responder && this.#over(oversize(out, limit), limit)) {
      out = this.adapter.toResult(badGatewayResult(), this.event, this.context, this.invocation)
    }
    return (this.#value = this.deliver === undefined ? out : this.deliver(out))
  }

  /** Whether a measured answer is over the limit (`size` is undefined when it is not), logged once when it is. */
  #over(size: number | undefined, limit: number): boolean {
    if (size === undefined) return false
    logOversize(this.invocation.logger, this.invocation.requestId, describeRequest(this.request), this.adapter, size, limit, this.options.maxResponseBytes !== undefined)
    return true
  }

  fail(error: unknown): unknown {
    if (this.#answered) return this.#value
    return this.complete(errorResult(error, this.options.debug, this.invocation.logger))
  }

  onAbandon(runner: Abandonable): void {
    this.#runner = runner
  }

  guard(pending: Promise<unknown>): Promise<unknown> {
    if (!this.options.deadlineAnswer || this.#answered) return pending
    watchDeadline(this)
    // A runner that can be abandoned (a Node app) settles its own promise with the deadline's answer; for the
    // others the entry's promise must settle at the deadline whatever their code still does.
    if (this.#runner !== undefined) return pending
    return new Promise((resolve, reject) => {
      this.#settle = resolve
      pending.then(resolve, reject)
    })
  }

  expiresAt(): number {
    return this.invocation.deadline - this.options.deadlineMarginMs
  }

  expire(): void {
    if (this.#answered) return
    const { invocation } = this
    logNoAnswer(invocation, this.request, this.options.deadlineMarginMs)
    invocation.abortNow()
    const value = this.complete(deadlineResult())
    this.#runner?.abandon()
    this.#settle?.(value)
  }
}

/** Makes the completion of one HTTP invocation, for entries that answer other than with the trigger's result. */
export type CompletionFactory = (adapter: HttpAdapter, event: unknown, context: unknown, invocation: InvocationRecord, options: ResolvedOptions) => Completion<unknown>

/**
 * Runs one HTTP event through `route`: request, user code inside the invocation, the trigger's result (or what
 * `completion` makes of the answer: a streamed one).
 */
export function invokeHttp(route: HttpRoute, detected: Detected, event: unknown, context: unknown, third: unknown, completion?: CompletionFactory): unknown {
  const adapter = detected.adapter as HttpAdapter
  const options = route.options
  // Responder-style platforms call (request, responder, context): the platform context is the third argument.
  const platformContext = adapter.responder ? third : context
  applyContextOptions(platformContext, options)
  const invocation = startInvocation(detected, platformContext, event, options)
  const done = completion ? completion(adapter, event, context, invocation, options) : new HttpCompletion(adapter, event, context, invocation, options)
  let request: HttpRequest | Promise<HttpRequest>
  try {
    request = adapter.toRequest(event, platformContext, options.request)
  } catch (error) {
    return done.fail(error)
  }
  if (!isPromise(request)) return runRoute(route, request, invocation, done)
  return request.then(
    (ready) => runRoute(route, ready, invocation, done),
    (error: unknown) => done.fail(error),
  )
}

/**
 * Runs the route inside the invocation; a synchronous throw (a bad field read on demand) fails it. User code that
 * is still running when it returns is guarded by the completion's deadline.
 */
function runRoute(route: HttpRoute, request: HttpRequest, invocation: InvocationRecord, done: Completion<unknown>): unknown {
  const guarded = done as Partial<GuardedCompletion<unknown>>
  if ('request' in done) guarded.request = request
  let out: unknown
  try {
    out = storage.run(invocation, route.run, request, invocation, done)
  } catch (error) {
    return done.fail(error)
  }
  return guarded.guard !== undefined && isPromise(out) ? guarded.guard(out) : out
}

/** Records what `entry` runs for HTTP events, for `listen()` and `on({ http })`; `null` for an entry that serves none. */
export function setHttpRoute(entry: EntryFunction, route: HttpRoute | null): void {
  Object.defineProperty(entry, HTTP_ROUTE, { value: route })
}

/** The HTTP route behind an entry built by `handle()`, `serve()` or `on()`: `null` for an `on()` entry without `http`, undefined for anything else. */
export function httpRouteOf(value: unknown): HttpRoute | null | undefined {
  return typeof value === 'function' ? (value as unknown as Record<symbol, HttpRoute | null | undefined>)[HTTP_ROUTE] : undefined
}
