import {
  adapterName,
  INSPECT,
  inspectSummary,
  InvalidEventError,
  type BinaryPredicate,
  type BodyWriter,
  type Completion,
  type HttpRequest,
  type Invocation,
  type NormalizedResult,
  type ResponseHead,
} from '../model/index.js'
import { answerWithResponse, isResponse } from './web-response.js'

/** What a fetch-style app receives as its second argument (Hono's `c.env`). */
export interface FetchEnv {
  /** The raw platform event. */
  event: unknown
  /** The raw platform context. */
  context: unknown
  /** The current invocation. */
  invocation: Invocation
}

/** The third argument (Hono's `c.executionCtx`): `waitUntil` work finishes before the invocation returns. */
export interface FetchExecutionContext {
  /** Work to finish before the invocation returns (the platform may freeze the instance after it); a rejection is logged. */
  waitUntil(promise: Promise<unknown>): void
  /** Accepted for Workers compatibility; does nothing (there is no origin to fall back to). */
  passThroughOnException(): void
  /** Per-request properties for the app's own use; starts empty. */
  props: Record<string, unknown>
}

/** A fetch-style handler: `(request) => Response`, as Hono's `app.fetch` or any WinterTC-style app. */
export type FetchHandler = (request: Request, env: FetchEnv, ctx: FetchExecutionContext) => Response | Promise<Response>

// host[:port] or [IPv6][:port]: nothing that could end the authority (path, query, fragment, userinfo).
const AUTHORITY = /^(?:[\w.-]+|\[[\dA-Fa-f:.]+\])(?::\d{1,5})?$/

// Methods `new Request()` refuses (WHATWG Fetch's forbidden methods): such requests cannot reach a fetch app.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

/**
 * Builds the WHATWG request a fetch-style app expects. Throws `InvalidEventError` for headers `Headers` refuses
 * and for methods `Request` refuses.
 */
export function toWebRequest(request: HttpRequest, invocation: Invocation): Request {
  const trigger = adapterName(invocation)
  if (FORBIDDEN_METHODS.has(request.method)) {
    throw new InvalidEventError(trigger, 'method', `is ${request.method}, which a fetch app cannot receive (WHATWG Request forbids CONNECT, TRACE and TRACK)`)
  }
  const headers = new Headers()
  const source = request.headers
  for (const name in source) {
    const value = source[name]!
    try {
      if (typeof value === 'string') headers.append(name, value)
      else for (const v of value) headers.append(name, v)
    } catch {
      throw new InvalidEventError(trigger, `headers.${name}`, 'is not a valid header value')
    }
  }
  // The client sends Host: only a plain authority may stand in the URL, or `evil.com/admin?` would become the path.
  const given = headers.get('host')
  const host = given !== null && AUTHORITY.test(given) ? given : 'localhost'
  const scheme = headers.get('x-forwarded-proto') === 'http' ? 'http' : 'https'
  const body = request.body
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers }
  if (body !== undefined && request.method !== 'GET' && request.method !== 'HEAD') {
    init.body = body
    init.duplex = 'half'
  }
  try {
    return new Request(`${scheme}://${host}${request.url}`, init)
  } catch (error) {
    throw new InvalidEventError(trigger, 'headers.host', `does not form a valid URL: ${(error as Error).message}`)
  }
}

/** The env a fetch app gets; printing or serializing it leaves the platform context (and its credentials) out. */
class FetchEnvironment implements FetchEnv {
  constructor(
    readonly event: unknown,
    readonly context: unknown,
    readonly invocation: Invocation,
  ) {}

  toJSON(): { invocation: Invocation } {
    return { invocation: this.invocation }
  }

  [INSPECT](_depth: number, options: unknown, inspect: unknown): unknown {
    return inspectSummary('FetchEnv', this.toJSON(), options, inspect)
  }
}

/**
 * `done`, holding the invocation open until the app's `waitUntil` work has finished: a whole answer is handed
 * on after it, a streamed body ends first (the client has it all) and the invocation after it.
 */
function afterWork<T>(done: Completion<T>, pending: Promise<unknown>[]): Completion<T | Promise<T>> {
  const settle = (value: T): T | Promise<T> => (pending.length === 0 ? value : Promise.all(pending).then(() => value))
  const completion: Completion<T | Promise<T>> = {
    complete: (result: NormalizedResult) => (pending.length === 0 ? done.complete(result) : Promise.all(pending).then(() => done.complete(result))),
    fail: (error: unknown) => (pending.length === 0 ? done.fail(error) : Promise.all(pending).then(() => done.fail(error))),
  }
  const open = done.open
  if (open) {
    completion.open = (head: ResponseHead): BodyWriter<T | Promise<T>> => {
      const writer = open.call(done, head)
      return {
        write: (chunk, callback) => writer.write(chunk, callback),
        onDrain: (listener) => writer.onDrain(listener),
        onClose: (listener) => writer.onClose(listener),
        get closed() {
          return writer.closed
        },
        end: () => settle(writer.end()),
        fail: (error) => settle(writer.fail(error)),
      }
    }
  }
  return completion
}

/** Runs one request through a fetch-style app and answers with its `Response`, after any `waitUntil` work. */
export function runFetch<T>(
  handler: FetchHandler,
  request: HttpRequest,
  invocation: Invocation,
  isBinary: BinaryPredicate | undefined,
  done: Completion<T>,
): Promise<T> {
  const pending: Promise<unknown>[] = []
  const ctx: FetchExecutionContext = {
    waitUntil(promise) {
      pending.push(Promise.resolve(promise).catch((error: unknown) => invocation.logger.error('faasport: waitUntil work failed', error)))
    },
    passThroughOnException() {},
    props: {},
  }
  const env: FetchEnv = new FetchEnvironment(request.event, request.context, invocation)
  const finish = afterWork(done, pending)
  return (async () => {
    let response: unknown
    try {
      response = await handler(toWebRequest(request, invocation), env, ctx)
      if (!isResponse(response)) throw new TypeError('faasport: the fetch handler did not return a Response')
    } catch (error) {
      return finish.fail(error)
    }
    try {
      return answerWithResponse(response, request.method, isBinary, finish)
    } catch (error) {
      // A Response whose body cannot be read (locked, already read): the usual error answer.
      return finish.fail(error)
    }
  })() as Promise<T>
}
