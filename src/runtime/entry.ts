import {
  adapterName,
  errorResult,
  isRecord,
  UnsupportedEventError,
  type Completion,
  type HttpAdapter,
  type HttpRequest,
  type Invocation,
  type NormalizedResult,
  type Provider,
} from '../model/index.js'
import { decodeBytesEvent, type Detected } from './detect.js'
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

/** Completes one HTTP invocation: ends it and writes the trigger's result, for an answer or an error. */
export class HttpCompletion implements Completion<unknown> {
  constructor(
    readonly adapter: HttpAdapter,
    readonly event: unknown,
    readonly context: unknown,
    readonly invocation: InvocationRecord,
    readonly debug: boolean,
  ) {}

  complete(result: NormalizedResult): unknown {
    this.invocation.end()
    return this.adapter.toResult(result, this.event, this.context, this.invocation)
  }

  fail(error: unknown): unknown {
    return this.complete(errorResult(error, this.debug, this.invocation.logger))
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
  const done = completion ? completion(adapter, event, context, invocation, options) : new HttpCompletion(adapter, event, context, invocation, options.debug)
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

/** Runs the route inside the invocation; a synchronous throw (a bad field read on demand) fails it. */
function runRoute(route: HttpRoute, request: HttpRequest, invocation: InvocationRecord, done: Completion<unknown>): unknown {
  try {
    return storage.run(invocation, route.run, request, invocation, done)
  } catch (error) {
    return done.fail(error)
  }
}

/** Records what `entry` runs for HTTP events, for `listen()` and `on({ http })`; `null` for an entry that serves none. */
export function setHttpRoute(entry: EntryFunction, route: HttpRoute | null): void {
  Object.defineProperty(entry, HTTP_ROUTE, { value: route })
}

/** The HTTP route behind an entry built by `handle()`, `serve()` or `on()`: `null` for an `on()` entry without `http`, undefined for anything else. */
export function httpRouteOf(value: unknown): HttpRoute | null | undefined {
  return typeof value === 'function' ? (value as unknown as Record<symbol, HttpRoute | null | undefined>)[HTTP_ROUTE] : undefined
}
