import type { Completion, HttpRequest, Invocation, Provider, StreamingPlatform } from '../model/index.js'
import type { EntryFunction, HttpRunner } from './entry.js'
import { createHttpEntry } from './http-entry.js'
import { readStreamOption, resolveOptions, type EntryOptions, type ResolvedOptions, type StreamOption } from './options.js'
import { answerWithOutput, type HandlerOutput, type Stringify } from './result.js'
import { compileSerializer } from './serializer.js'

/**
 * A plain HTTP handler: gets the normalized request and the invocation, returns an `HttpResult`, a string,
 * bytes, a JSON-able value, a WHATWG `Response`, or `undefined` for 204 (or a promise of any of these).
 */
export type HttpHandler = (request: HttpRequest, invocation: Invocation) => HandlerOutput | Promise<HandlerOutput>

/** Options for `handle()`. */
export interface HandleOptions extends EntryOptions, StreamOption {
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
  // A result that breaks the rules (a bad status, a header with CR/LF) throws: an error answer, never a rejection.
  const finish = <T>(output: HandlerOutput, method: string, done: Completion<T>): T | Promise<T> => {
    try {
      return answerWithOutput(output, method, isBinary, stringify, done)
    } catch (error) {
      return done.fail(error)
    }
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

/** `handle()` bound to a set of providers (and the platform that streams, if any); each entry point binds its own. */
export function handleWith(providers: readonly Provider[], handler: HttpHandler, options?: HandleOptions, streaming?: StreamingPlatform): EntryFunction {
  const stream = readStreamOption(options?.stream, 'handle()')
  const resolved = resolveOptions(options)
  return createHttpEntry(providers, resolved, handlerRunner(handler, resolved, options?.responseSchema), undefined, stream, streaming)
}
