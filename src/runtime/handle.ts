import type { HttpRequest, Invocation, Provider } from '../model/index.js'
import { createHttpEntry, isPromise, type Completion, type EntryFunction, type HttpRunner } from './entry.js'
import { resolveOptions, type EntryOptions, type ResolvedOptions } from './options.js'
import { normalizeOutput, type HandlerOutput, type Stringify } from './result.js'
import { compileSerializer } from './serializer.js'

/**
 * A plain HTTP handler: gets the normalized request and the invocation, returns an `HttpResult`, a string,
 * bytes, a JSON-able value, a WHATWG `Response`, or `undefined` for 204 (or a promise of any of these).
 */
export type HttpHandler = (request: HttpRequest, invocation: Invocation) => HandlerOutput | Promise<HandlerOutput>

/** Options for `handle()`. */
export interface HandleOptions extends EntryOptions {
  /**
   * A JSON Schema for the handler's JSON bodies, compiled once at init with fast-json-stringify (an optional
   * peer dependency) and used instead of `JSON.stringify`. Properties the schema does not list are not sent.
   * Without the peer installed, faasport warns once and keeps `JSON.stringify`.
   */
  responseSchema?: object
}

/** Runs a plain handler and normalizes what it returns. */
export function handlerRunner(handler: HttpHandler, options: ResolvedOptions, responseSchema?: object): HttpRunner {
  if (typeof handler !== 'function') throw new TypeError('faasport: handle() needs a function (request, invocation) => result')
  const isBinary = options.isBinary
  let stringify: Stringify = JSON.stringify
  // Compiled during init; invocations that arrive before it is ready wait for it.
  let compiling: Promise<void> | undefined = responseSchema
    ? compileSerializer(responseSchema, options.logger ?? console).then((compiled) => {
        stringify = compiled
        compiling = undefined
      })
    : undefined
  const finish = <T>(output: HandlerOutput, method: string, done: Completion<T>): T | Promise<T> => {
    const result = normalizeOutput(output, method, isBinary, stringify)
    return isPromise(result) ? result.then((ready) => done.complete(ready), (error: unknown) => done.fail(error)) : done.complete(result)
  }
  const run: HttpRunner = (request, invocation, done) => {
    const output = handler(request, invocation)
    if (typeof (output as Promise<HandlerOutput> | undefined)?.then === 'function') {
      return (output as Promise<HandlerOutput>).then((value) => finish(value, request.method, done), (error: unknown) => done.fail(error))
    }
    return finish(output as HandlerOutput, request.method, done)
  }
  return (request, invocation, done) =>
    compiling ? compiling.then(() => run(request, invocation, done), (error: unknown) => done.fail(error)) : run(request, invocation, done)
}

/** `handle()` bound to a set of providers; each entry point binds its own. */
export function handleWith(providers: readonly Provider[], handler: HttpHandler, options?: HandleOptions): EntryFunction {
  const resolved = resolveOptions(options)
  return createHttpEntry(providers, resolved, handlerRunner(handler, resolved, options?.responseSchema))
}
