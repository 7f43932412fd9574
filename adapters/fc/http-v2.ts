import {
  asBuffer,
  HttpRequest,
  InvalidEventError,
  isRecord,
  readBodyStream,
  readHeaderMap,
  readQueryMap,
  requestPath,
  requireMethod,
  requireString,
  resultBodyBytes,
  type HttpAdapter,
  type Invocation,
  type NormalizedResult,
  type RequestReader,
  warnOnce,
} from '../../src/model/index.js'
import { cookiesDroppedWarning, warnAboutDefaultDomain } from './results.js'

const TRIGGER = 'aliyun/http-v2'

/**
 * The request FC 2.0 hands an HTTP function: a readable stream of the body with these fields. Newer runtimes
 * read the body first and hand it over as `body` (a Buffer), as FC's documentation shows.
 */
export interface FcHttpV2Request {
  headers: Record<string, string | string[]>
  path: string
  method: string
  queries?: Record<string, string | string[]>
  clientIP?: string
  url?: string
  /** The body, when the runtime has already read it from the stream. */
  body?: Buffer | string
  on(event: string, listener: (...args: any[]) => void): unknown
}

/** The response object FC 2.0 hands an HTTP function. */
export interface FcHttpV2Response {
  setStatusCode(statusCode: number): void
  setHeader(name: string, value: string | string[]): void
  deleteHeader?(name: string): void
  send(body: Buffer | string): void
}

const reader: RequestReader<FcHttpV2Request> = {
  headers: (req) => readHeaderMap(TRIGGER, 'req.headers', req.headers, true),
  // `req.queries` values are decoded; a repeated key is a list.
  query: (req) => readQueryMap(TRIGGER, 'req.queries', req.queries, true),
  sourceIp: (req) => (typeof req.clientIP === 'string' ? req.clientIP : undefined),
}

/** What a Node stream says about itself, where `req` is one. */
interface StreamState {
  body?: unknown
  readableEnded?: boolean
  complete?: boolean
  destroyed?: boolean
}

/**
 * The body FC handed over, without waiting when there is nothing left to wait for: `req.body` when the
 * runtime has read it, nothing when the stream has already ended (the runtime consumed it), else the stream.
 */
function bodyOf(req: FcHttpV2Request): Buffer | undefined | Promise<Buffer | undefined> {
  const state = req as StreamState
  const given = state.body
  if (typeof given === 'string') return given === '' ? undefined : Buffer.from(given)
  if (given instanceof Uint8Array) return given.byteLength === 0 ? undefined : asBuffer(given)
  // `complete` alone is not enough on a real stream: the body may be received but still unread.
  if (state.readableEnded === true || (state.readableEnded === undefined && state.complete === true)) return undefined
  if (state.destroyed === true) return Promise.reject(new InvalidEventError(TRIGGER, 'req', 'body could not be read: the request stream was closed before its end'))
  return readBodyStream(TRIGGER, 'req', req)
}

function isResponder(value: unknown): value is FcHttpV2Response {
  return isRecord(value) && typeof value.setStatusCode === 'function' && typeof value.setHeader === 'function' && typeof value.send === 'function'
}

/** Sets every Set-Cookie value; a runtime that refuses a list gets the first one, with a warning. Returns the error when nothing could be set. */
function setCookies(out: FcHttpV2Response, cookies: readonly string[], invocation: Invocation): unknown {
  try {
    out.setHeader('set-cookie', cookies.length === 1 ? cookies[0]! : cookies.slice())
    return undefined
  } catch (error) {
    if (cookies.length === 1) return error
  }
  // `setHeader` replaces the value, so setting the cookies one by one would leave only the last one.
  try {
    out.setHeader('set-cookie', cookies[0]!)
  } catch (error) {
    return error
  }
  warnOnce(invocation, `${TRIGGER}:cookies`, cookiesDroppedWarning(TRIGGER, cookies.length, 'this runtime\'s resp.setHeader refused a list of values'))
  return undefined
}

/** Writes the answer through `resp`. Each call is guarded, so a refused header never stops `send`. */
function respond(out: FcHttpV2Response, result: NormalizedResult, invocation: Invocation): void {
  let refused: string[] | undefined
  let firstError: unknown
  try {
    out.setStatusCode(result.statusCode)
  } catch (error) {
    ;(refused ??= []).push('the status code')
    firstError = error
  }
  for (const name in result.headers) {
    const value = result.headers[name]!
    try {
      out.setHeader(name, typeof value === 'string' ? value : value.join(', '))
    } catch (error) {
      ;(refused ??= []).push(name)
      firstError ??= error
    }
  }
  if (result.cookies.length > 0) {
    const error = setCookies(out, result.cookies, invocation)
    if (error !== undefined) {
      ;(refused ??= []).push('set-cookie')
      firstError ??= error
    }
  }
  if (refused !== undefined) {
    invocation.logger.error(`faasport: the FC response object refused ${refused.join(', ')}; the answer goes out without ${refused.length === 1 ? 'it' : 'them'}`, firstError)
  }
  try {
    out.send(resultBodyBytes(result))
  } catch (error) {
    invocation.logger.error('faasport: the FC response object refused the answer', error)
  }
}

/** Function Compute 2.0 HTTP functions, called as `(req, resp, context)` and answering through `resp`. */
export const httpV2: HttpAdapter<FcHttpV2Request> = {
  provider: 'aliyun',
  trigger: 'http-v2',
  kind: 'http',
  responder: true,
  matches(event, context) {
    return isRecord(event) && typeof event.on === 'function' && isResponder(context)
  },
  toRequest(req, context, options) {
    const method = requireMethod(TRIGGER, 'req.method', req.method)
    const path = requestPath(requireString(TRIGGER, 'req.path', req.path), options)
    const body = bodyOf(req)
    if (!(body instanceof Promise)) return new HttpRequest({ method, path, reader, event: req, context, body })
    return body.then((read) => new HttpRequest({ method, path, reader, event: req, context, body: read }))
  },
  toResult(result, req, resp, invocation) {
    // The platform does not read what the entry function returns in this form: failures are logged, and never
    // surface as an unhandled rejection.
    respond(resp as FcHttpV2Response, result, invocation)
    const headers = isRecord(req) && isRecord(req.headers) ? req.headers : undefined
    warnAboutDefaultDomain(result, headers?.host, invocation)
    return undefined
  },
}
