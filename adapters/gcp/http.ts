import {
  asBuffer,
  badGatewayResult,
  firstForwardedFor,
  HttpRequest,
  InvalidEventError,
  isRecord,
  readBodyStream,
  readHeaderMap,
  requestPath,
  requireMethod,
  resultBodyBytes,
  type HttpAdapter,
  type HttpHeaders,
  type Invocation,
  type NormalizedResult,
  type PlatformStream,
  type RequestReader,
  type ResponseHead,
  type StreamingPlatform,
} from '../../src/model/index.js'
import { gcpResultLimit } from './limits.js'

const TRIGGER = 'gcp/http'

// The Functions Framework (https://github.com/GoogleCloudPlatform/functions-framework-nodejs, src/server.ts) runs
// an HTTP function as the last handler of its own Express app: body-parser has already read the body (the bytes
// are in `req.rawBody`, the parsed value in `req.body`), `req.executionId` holds the `function-execution-id`, and
// `res.locals.functionExecutionFinished` tracks the answer. The function answers through `res`.

/** The Express request the Functions Framework hands an HTTP function, as far as faasport reads it. */
export interface GcpHttpRequest {
  method: string
  /** The request target, path and query, as sent. */
  url: string
  /** The target before any Express mount point rewrote `url`. */
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  /** Every header value as received (Node 18.3+), repeats apart. */
  headersDistinct?: Record<string, string[] | undefined>
  /** The body bytes, saved by the framework's body parsers when the request had a body. */
  rawBody?: Buffer
  /** The framework's parsed body (JSON, text, form, or the bytes): not read, the bytes are. */
  body?: unknown
  /** The execution id (the `function-execution-id` header, or one the framework generated). */
  executionId?: string
  socket?: { remoteAddress?: string }
  readableEnded?: boolean
  on(event: string, listener: (...args: any[]) => void): unknown
}

/** The Express response the Functions Framework hands an HTTP function, as far as faasport writes it. */
export interface GcpHttpResponse extends Omit<PlatformStream, 'end'> {
  /** Ends the response, with a last chunk if given. */
  end(chunkOrCallback?: Uint8Array | string | (() => void), callback?: () => void): unknown
  /** The status code to send. */
  statusCode: number
  /** Whether the head has gone out. */
  readonly headersSent: boolean
  /** The framework's per-request values (`functionExecutionFinished`). */
  readonly locals: Record<string, unknown>
  /** Sets a header, a list for several values. */
  setHeader(name: string, value: string | readonly string[]): unknown
  /** The names of the headers set so far. */
  getHeaderNames?(): string[]
  /** Removes a header set before the head went out. */
  removeHeader?(name: string): unknown
  /** Sends the head now. */
  flushHeaders?(): void
  /** Cuts the connection. */
  destroy?(error?: Error): unknown
}

/** The framework's call: its request (execution id) and its response (the finished flag in `res.locals`). */
function isFrameworkCall(req: unknown, res: unknown): boolean {
  if (!isRecord(req) || !isRecord(res) || typeof req.on !== 'function' || typeof req.method !== 'string') return false
  if (typeof res.setHeader !== 'function' || typeof res.end !== 'function' || typeof res.write !== 'function') return false
  return typeof req.executionId === 'string' || (isRecord(res.locals) && 'functionExecutionFinished' in res.locals)
}

/**
 * Every header as received: `headersDistinct` keeps repeats apart (`headers` joins most of them). Where the body is
 * the framework's `rawBody`, its parsers have already undone a `Content-Encoding` (gzip, deflate, br): the header
 * goes, and `Content-Length` counts the bytes the app gets, or its own body parser would inflate them again and fail.
 */
function headersOf(req: GcpHttpRequest): HttpHeaders {
  const distinct = req.headersDistinct
  const headers = isRecord(distinct) ? readHeaderMap(TRIGGER, 'req.headersDistinct', distinct, true) : readHeaderMap(TRIGGER, 'req.headers', req.headers, true)
  const raw = req.rawBody
  if (raw instanceof Uint8Array && headers['content-encoding'] !== undefined) {
    delete headers['content-encoding']
    if (headers['content-length'] !== undefined) headers['content-length'] = String(raw.byteLength)
  }
  return headers
}

/** The request target in origin form, split at the query. */
function targetOf(req: GcpHttpRequest): { path: string; rawQuery: string } {
  const target = typeof req.originalUrl === 'string' ? req.originalUrl : req.url
  if (typeof target !== 'string') throw new InvalidEventError(TRIGGER, 'req.url', 'must be the request target, got ' + typeof target)
  const mark = target.indexOf('?')
  return mark === -1 ? { path: target, rawQuery: '' } : { path: target.slice(0, mark), rawQuery: target.slice(mark + 1) }
}

const reader: RequestReader<GcpHttpRequest> = {
  headers: headersOf,
  rawQuery: (req) => targetOf(req).rawQuery,
  // Cloud Run's front end puts the client first in X-Forwarded-For; the socket is its proxy.
  sourceIp: (req, request) => firstForwardedFor(request.headers['x-forwarded-for']) ?? req.socket?.remoteAddress,
}

/** A request whose head declares no body (RFC 9112 section 6.3: neither `Content-Length` nor `Transfer-Encoding`). */
function declaresNoBody(req: GcpHttpRequest): boolean {
  const headers = req.headers
  return isRecord(headers) && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined
}

/**
 * The body bytes: `rawBody` as the framework saved them; else a `Buffer` or string body a middleware left; else,
 * when nothing has read the stream yet (a request the framework's parsers skipped), the stream itself, unless the
 * head declares no body (a GET: answered without waiting for the stream's end).
 */
function bodyOf(req: GcpHttpRequest): Buffer | undefined | Promise<Buffer | undefined> {
  const raw = req.rawBody
  if (raw instanceof Uint8Array) return raw.byteLength === 0 ? undefined : asBuffer(raw)
  const given = req.body
  if (given instanceof Uint8Array) return given.byteLength === 0 ? undefined : asBuffer(given)
  if (typeof given === 'string') return given === '' ? undefined : Buffer.from(given)
  if (given !== undefined && given !== null && !(isRecord(given) && Object.keys(given).length === 0)) {
    throw new InvalidEventError(TRIGGER, 'req.rawBody', 'is missing while req.body holds a parsed body: the bytes were not kept, so the app cannot read them (keep the framework\'s body parsers, which save req.rawBody)')
  }
  if (req.readableEnded !== false || declaresNoBody(req)) return undefined
  return readBodyStream(TRIGGER, 'req', req)
}

function writeHeaders(res: GcpHttpResponse, head: ResponseHead): void {
  res.statusCode = head.statusCode
  for (const name in head.headers) res.setHeader(name, head.headers[name]!)
  if (head.cookies.length > 0) res.setHeader('set-cookie', head.cookies)
}

/** Writes a whole answer to `res`; a response already started or closed is left alone and logged. */
function respond(res: GcpHttpResponse, result: NormalizedResult, invocation: Invocation): void {
  if (res.headersSent || res.writableFinished === true) {
    invocation.logger.error(`faasport: ${TRIGGER}: the response was already ${res.writableFinished ? 'sent' : 'started'} by other code; the answer (status ${result.statusCode}) was dropped`)
    return
  }
  try {
    writeHeaders(res, result)
    res.end(resultBodyBytes(result))
  } catch (error) {
    invocation.logger.error(`faasport: ${TRIGGER}: the response refused the answer (a header Node does not take?); answered 502 instead`, error)
    refused(res)
  }
}

/** The answer in place of one `res` refused before anything went out: a 502 without the app's headers. */
function refused(res: GcpHttpResponse): void {
  try {
    if (res.headersSent) return void res.destroy?.()
    for (const name of res.getHeaderNames?.() ?? []) res.removeHeader?.(name)
    const answer = badGatewayResult()
    writeHeaders(res, answer)
    res.end(resultBodyBytes(answer))
  } catch {
    res.destroy?.()
  }
}

/** Streams into the framework's `res`: the head goes out at once (an SSE client sees its connection open). */
const liveResponse: StreamingPlatform = {
  streamify: () => undefined,
  open(responseStream, prelude) {
    const res = responseStream as GcpHttpResponse
    if (prelude !== undefined) {
      writeHeaders(res, prelude as ResponseHead)
      res.flushHeaders?.()
    } else {
      res.statusCode = 200
      res.setHeader('content-type', 'application/json')
    }
    return res
  },
  abort(responseStream) {
    const res = responseStream as GcpHttpResponse
    if (res.writableFinished !== true) res.destroy?.()
  },
}

/** Cloud Run functions (and Cloud Functions) HTTP functions under the Functions Framework, called `(req, res)`. */
export const http: HttpAdapter<GcpHttpRequest> = {
  provider: 'gcp',
  trigger: 'http',
  kind: 'http',
  responder: true,
  resultLimit: gcpResultLimit,
  liveResponse,
  matches: isFrameworkCall,
  toRequest(req, context, options) {
    const method = requireMethod(TRIGGER, 'req.method', req.method)
    const { path } = targetOf(req)
    const wirePath = requestPath(path === '' ? '/' : path, options)
    const body = bodyOf(req)
    if (!(body instanceof Promise)) return new HttpRequest({ method, path: wirePath, reader, event: req, context, body })
    return body.then((read) => new HttpRequest({ method, path: wirePath, reader, event: req, context, body: read }))
  },
  toResult(result, _req, res, invocation) {
    // The framework does not read what the function returns: the answer is what goes through `res`.
    respond(res as GcpHttpResponse, result, invocation)
    return undefined
  },
  toPrelude: (head) => head,
}
