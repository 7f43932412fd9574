import type * as Http from 'node:http'
import {
  addGivenHeaders,
  createHeaders,
  declaredStatus,
  errorResult,
  headerString,
  isRecord,
  notFoundResult,
  setOwn,
  type Abandonable,
  type BinaryPredicate,
  type BodyWriter,
  type Completion,
  type HttpRequest,
  type Invocation,
  type NormalizedResult,
} from '../model/index.js'
import { ReaderGoneError } from './body-source.js'
import { createIncomingMessage } from './node-request.js'
import { collectResponse, createServerResponse, notifyDrain, responseHeaders } from './node-response.js'
import { BridgeSocket, type SocketExchange } from './socket.js'
import { unansweredResult } from './unanswered.js'

/**
 * A Node request listener: an Express or Connect app, a Koa `app.callback()`, or any `(req, res)` function.
 * Listeners that take a third parameter get `next`, so their unhandled errors and unmatched routes come back
 * to faasport instead of a default handler that would print stacks.
 */
export type NodeListener = (req: Http.IncomingMessage, res: Http.ServerResponse, next?: (error?: unknown) => void) => unknown

interface ListenerSettings {
  debug: boolean
  isBinary: BinaryPredicate | undefined
}

/** The app ended the response by destroying it, without finishing it. */
const UNFINISHED = { status: 502, message: 'the app closed the response without finishing it' }

/**
 * One request through a listener: completes exactly once, with the answer or an error response. A buffered
 * answer is collected on the socket and completed when the response finishes; a streamed one (a completion
 * with `open`) is opened when the head goes out and its body written as the app writes it.
 */
class Exchange<T> implements SocketExchange, Abandonable {
  #settled = false
  /** Where a streamed answer's body goes, once its head is out. */
  #writer: BodyWriter<T> | undefined = undefined
  constructor(
    readonly req: Http.IncomingMessage,
    readonly res: Http.ServerResponse,
    readonly socket: BridgeSocket,
    readonly request: HttpRequest,
    readonly invocation: Invocation,
    readonly settings: ListenerSettings,
    readonly done: Completion<T>,
    readonly resolve: (result: T | Promise<T>) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  /** Completes with what `answer` gives; later calls are ignored. */
  #settle(answer: () => T | Promise<T>): void {
    if (this.#settled) return
    this.#settled = true
    try {
      this.resolve(answer())
    } catch (failure) {
      this.reject(failure)
    }
  }

  /** Completes with a whole answer. */
  settle(result: NormalizedResult): void {
    this.#settle(() => this.done.complete(result))
  }

  /** Completes with the error answer for `error`. */
  settleWithError(error: unknown): void {
    this.#settle(() => this.done.fail(error))
  }

  /** The head went out: a streaming completion opens its answer now, and the body follows as the app writes it. */
  headSent(): void {
    const open = this.done.open
    if (open === undefined || this.#settled || this.#writer !== undefined) return
    const { headers, cookies } = responseHeaders(this.res, this.socket)
    const writer = open.call(this.done, { statusCode: this.socket.headStatus ?? this.res.statusCode, headers, cookies })
    this.#writer = writer
    this.socket.streamTo(writer, notifyDrain)
    // The reader went away: as when a client disconnects from a Node server, the response closes, so the app
    // stops producing.
    writer.onClose(() => this.#hangUp())
  }

  /** Closes the response and the request as a client that disconnects closes them on a Node server. */
  #hangUp(): void {
    if (!this.res.writableFinished) this.socket.destroy()
    if (!this.req.destroyed) this.req.destroy()
  }

  finished(): void {
    const writer = this.#writer
    if (writer !== undefined) this.#settle(() => writer.end())
    else this.settle(collectResponse(this.res, this.socket, this.request.method, this.settings.isBinary))
    // As a Node server does once a response is done: the response closes, and an unread request body is
    // drained so the request ends and closes too (cleanup written as `res.on('close')` runs). Only when
    // someone listens: each tick costs, and nothing else reads the closed state.
    if (this.res.listenerCount('close') > 0 || this.req.listenerCount('close') > 0) process.nextTick(closeExchange, this)
  }

  fail(error: unknown): void {
    const writer = this.#writer
    if (writer !== undefined) {
      // Streamed: the head is out, so the answer ends as a failure (the writer logs it).
      if (this.#settled) this.invocation.logger.error('faasport: the app failed after it finished responding', error)
      else this.#settle(() => writer.fail(error))
      return
    }
    if (this.#settled || this.res.headersSent) {
      // Too late for an error response. As Node's finalhandler does, the connection is cut, so a response cut
      // short cannot pass for a whole one: the socket's end settles it as a 502 (a finished one stays as it is).
      this.invocation.logger.error('faasport: the app failed after it started responding', error)
      if (!this.res.writableEnded) this.socket.destroy()
      return
    }
    this.settle(keepAppHeaders(errorResult(error, this.settings.debug, this.invocation.logger), this.res, this.socket, error))
  }

  /** The app passed the request on (`next()`) unanswered: a 404, unless it already answered and carried on. */
  unhandled(): void {
    if (this.res.headersSent) return // Its 'finish' settles the exchange, as finalhandler ignores a late 404.
    this.settle(keepAppHeaders(notFoundResult(this.request.method, this.request.path), this.res, this.socket, undefined))
  }

  /** The answer was given without the app (the deadline's 504): close its response, as a client leaving would. */
  abandon(): void {
    // The completion has its answer already: this only settles the app's own promise with it.
    this.#settle(() => this.done.fail(UNFINISHED))
    this.#hangUp()
  }

  /** What the listener returned (or its promise resolved to): a plain handler's result fails the invocation. */
  returned(value: unknown): void {
    const error = unansweredResult(value, this.res, 'serve()')
    if (error !== undefined) this.fail(error)
  }

  /**
   * The socket was destroyed: an ended response still finishes (next tick); one given up unfinished is a 502, or,
   * streamed, a failure carrying the app's own error (`res.destroy(error)`, a failed `pipeline(source, res)`).
   */
  destroyed(error?: Error): void {
    if (this.res.writableEnded || this.#settled) return
    const writer = this.#writer
    if (writer !== undefined) return this.#settle(() => writer.fail(writer.closed ? new ReaderGoneError() : (error ?? new Error(UNFINISHED.message))))
    if (error !== undefined) this.invocation.logger.error('faasport: the app destroyed its response', error)
    this.settleWithError(UNFINISHED)
  }
}

// Headers that describe the body the app meant to send, not the error body that replaces it (as finalhandler).
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-range'])

/**
 * An error answer with what an Express app's own error handler (finalhandler) keeps: the headers the app set
 * before it failed (CORS, Vary, cookies...), less those about the body, and over them the error's own `headers`
 * (http-errors' `WWW-Authenticate`, `Retry-After`) when it carries a 4xx/5xx status.
 */
function keepAppHeaders(result: NormalizedResult, res: Http.ServerResponse, socket: BridgeSocket, error: unknown): NormalizedResult {
  const own = createHeaders()
  const ownCookies: string[] = []
  const given = (error as { headers?: unknown } | null | undefined)?.headers
  if (declaredStatus(error) !== undefined && isRecord(given)) addGivenHeaders(given, own, ownCookies, false)
  const app = responseHeaders(res, socket)
  for (const name in app.headers) if (!BODY_HEADERS.has(name) && own[name] === undefined) setOwn(result.headers, name, app.headers[name]!)
  for (const name in own) if (!BODY_HEADERS.has(name)) setOwn(result.headers, name, own[name]!)
  result.cookies.push(...app.cookies, ...ownCookies)
  return result
}

function closeExchange(exchange: Exchange<unknown>): void {
  const { req, res } = exchange
  const state = res as unknown as { destroyed: boolean; _closed?: boolean }
  state.destroyed = true
  state._closed = true
  res.emit('close')
  if (!req.readableEnded) req.resume()
}

function onFinish(this: Http.ServerResponse): void {
  ;((this.socket as unknown as BridgeSocket).exchange as Exchange<unknown>).finished()
}

/** Runs one request through a Node listener on an in-memory socket and hands what it answered to `done`. */
export function runListener<T>(
  http: typeof Http,
  listener: NodeListener,
  request: HttpRequest,
  invocation: Invocation,
  settings: ListenerSettings,
  done: Completion<T>,
): Promise<T> {
  const socket = new BridgeSocket(request.sourceIp, headerString(request.headers, 'x-forwarded-proto') !== 'http')
  const req = createIncomingMessage(http.IncomingMessage, request, socket)
  const res = createServerResponse(http, req, socket)

  return new Promise<T>((resolve, reject) => {
    const exchange = new Exchange<T>(req, res, socket, request, invocation, settings, done, resolve, reject)
    socket.exchange = exchange
    done.onAbandon?.(exchange)
    res.on('finish', onFinish)
    const next = listener.length >= 3 ? (error?: unknown) => (error !== undefined && error !== null ? exchange.fail(error) : exchange.unhandled()) : undefined
    try {
      const returned = listener(req, res, next) as unknown
      if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') {
        ;(returned as PromiseLike<unknown>).then((value) => exchange.returned(value), (error: unknown) => exchange.fail(error))
      } else if (returned !== undefined) exchange.returned(returned)
    } catch (error) {
      exchange.fail(error)
    }
  })
}
