import type { HttpRequest, Invocation, Provider } from '../model/index.js'
import { createHttpEntry, type EntryFunction, type HttpRunner } from './entry.js'
import { resolveOptions, type EntryOptions, type ResolvedOptions } from './options.js'
import { normalizeOutput, type HandlerOutput } from './result.js'

/**
 * A plain HTTP handler: gets the normalized request and the invocation, returns an `HttpResult`, a string,
 * bytes, a JSON-able value, a WHATWG `Response`, or `undefined` for 204 (or a promise of any of these).
 */
export type HttpHandler = (request: HttpRequest, invocation: Invocation) => HandlerOutput | Promise<HandlerOutput>

/** Runs a plain handler and normalizes what it returns. */
export function handlerRunner(handler: HttpHandler, options: ResolvedOptions): HttpRunner {
  if (typeof handler !== 'function') throw new TypeError('faasport: handle() needs a function (request, invocation) => result')
  const isBinary = options.isBinary
  return (request, invocation) => {
    const output = handler(request, invocation)
    if (typeof (output as Promise<HandlerOutput> | undefined)?.then === 'function') {
      return (output as Promise<HandlerOutput>).then((value) => normalizeOutput(value, request.method, isBinary))
    }
    return normalizeOutput(output as HandlerOutput, request.method, isBinary)
  }
}

/** `handle()` bound to a set of providers; each entry point binds its own. */
export function handleWith(providers: readonly Provider[], handler: HttpHandler, options?: EntryOptions): EntryFunction {
  const resolved = resolveOptions(options)
  return createHttpEntry(providers, resolved, handlerRunner(handler, resolved))
}
