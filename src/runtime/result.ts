import { isUtf8 } from 'node:buffer'
import {
  appendHeader,
  createHeaders,
  headerString,
  isBinaryByDefault,
  type BinaryPredicate,
  type HttpHeaders,
  type HttpResult,
  type NormalizedResult,
} from '../model/index.js'

// Connection-level headers a gateway must not be handed (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'])
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const BAD_HEADER_VALUE = /[\r\n\0]/

/** True when a status never carries a body (1xx, 204, 304). */
function isBodiless(status: number): boolean {
  return status < 200 || status === 204 || status === 304
}

/** What a `handle()` handler may return. */
export type HandlerOutput = HttpResult | Response | string | Uint8Array | ArrayBuffer | ArrayBufferView | object | number | boolean | null | undefined

/**
 * Completes a response: drops the body where HTTP forbids one, and decides base64 by the override, else by the
 * user's predicate or the default rule. Bytes go as text only when they are valid UTF-8 (gateways carry text as
 * UTF-8, so a `charset=iso-8859-1` body would be corrupted); with no content type, the bytes alone decide.
 */
export function finishResult(
  statusCode: number,
  headers: HttpHeaders,
  cookies: string[],
  body: string | Buffer | undefined,
  method: string,
  isBinary: BinaryPredicate | undefined,
  forced?: boolean,
): NormalizedResult {
  if (body !== undefined && (method === 'HEAD' || isBodiless(statusCode))) body = undefined
  let base64 = false
  if (body !== undefined && body.length > 0) {
    if (forced !== undefined) base64 = forced
    else {
      const type = headerString(headers, 'content-type')
      const encoding = headerString(headers, 'content-encoding')
      base64 = isBinary ? isBinary(type, encoding) : isBinaryByDefault(type, encoding)
      // Strings are UTF-8 already; bytes the rule calls text are checked (isUtf8 is SIMD-fast).
      if (!base64 && typeof body !== 'string') base64 = !isUtf8(body)
    }
  }
  return { statusCode, headers, cookies, body, isBase64Encoded: base64 }
}

function isResponse(value: object): value is Response {
  const r = value as Response
  return typeof r.arrayBuffer === 'function' && typeof r.status === 'number' && typeof r.headers?.get === 'function'
}

/** The bytes of an `ArrayBuffer` or of any view of one (Buffer, Uint8Array, DataView, Uint16Array...), without copying. */
function bytesOf(value: object): Buffer | undefined {
  if (ArrayBuffer.isView(value)) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)) return Buffer.from(value)
  return undefined
}

function single(name: string, value: string): HttpHeaders {
  const headers = createHeaders()
  headers[name] = value
  return headers
}

/** Turns a JSON-able value into JSON text: `JSON.stringify`, or a serializer compiled from a response schema. */
export type Stringify = (value: unknown) => string

/** Turns whatever a `handle()` handler returned into a normalized result. */
export function normalizeOutput(
  output: HandlerOutput,
  method: string,
  isBinary: BinaryPredicate | undefined,
  stringify: Stringify = JSON.stringify,
): NormalizedResult | Promise<NormalizedResult> {
  if (output === undefined) return finishResult(204, createHeaders(), [], undefined, method, isBinary)
  if (typeof output === 'string') {
    return finishResult(200, single('content-type', 'text/plain; charset=utf-8'), [], output, method, isBinary)
  }
  if (typeof output === 'object' && output !== null) {
    const bytes = bytesOf(output)
    if (bytes !== undefined) return finishResult(200, single('content-type', 'application/octet-stream'), [], bytes, method, isBinary)
    if (typeof (output as HttpResult).statusCode === 'number') return fromHttpResult(output as HttpResult, method, isBinary, stringify)
    if (isResponse(output)) return fromResponse(output, method, isBinary)
  }
  return finishResult(200, single('content-type', 'application/json; charset=utf-8'), [], stringify(output), method, isBinary)
}

/** `HttpResult.cookies`, held to the same rules as a `set-cookie` header: a list of strings without CR, LF or NUL. */
function resultCookies(given: unknown): string[] {
  if (given === undefined || given === null) return []
  if (!Array.isArray(given)) throw new TypeError(`faasport: cookies must be a list of Set-Cookie strings, got ${typeof given}`)
  const cookies: string[] = []
  for (const cookie of given) {
    if (cookie === undefined || cookie === null) continue
    if (typeof cookie !== 'string') throw new TypeError(`faasport: cookies must hold strings, got ${typeof cookie}`)
    if (BAD_HEADER_VALUE.test(cookie)) throw new TypeError('faasport: a cookie contains CR, LF or NUL')
    cookies.push(cookie)
  }
  return cookies
}

/**
 * Adds headers given as an object (an `HttpResult`'s, an http-errors error's) to `headers`: lower-case names, a
 * list sent once per value, `undefined`/`null` left out, hop-by-hop headers dropped, `set-cookie` to `cookies`.
 * `strict`: a bad name or a value with CR, LF or NUL throws (a handler's own answer); otherwise it is skipped.
 */
export function addGivenHeaders(given: Readonly<Record<string, unknown>>, headers: HttpHeaders, cookies: string[], strict: boolean): void {
  for (const rawName in given) {
    const value = given[rawName]
    // Absent either way: `{ 'x-trace': id ?? null }` sends no header rather than the text "null".
    if (value === undefined || value === null) continue
    const name = rawName.toLowerCase()
    if (!HEADER_NAME.test(name)) {
      if (strict) throw new TypeError(`faasport: invalid response header name ${JSON.stringify(rawName)}`)
      continue
    }
    if (HOP_BY_HOP.has(name)) continue
    const values: readonly unknown[] = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v === undefined || v === null) continue
      const text = String(v)
      if (BAD_HEADER_VALUE.test(text)) {
        if (strict) throw new TypeError(`faasport: response header ${rawName} contains CR, LF or NUL`)
        continue
      }
      if (name === 'set-cookie') cookies.push(text)
      else appendHeader(headers, name, text)
    }
  }
}

function fromHttpResult(result: HttpResult, method: string, isBinary: BinaryPredicate | undefined, stringify: Stringify): NormalizedResult {
  const status = result.statusCode
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`faasport: statusCode must be an integer from 100 to 599, got ${String(status)}`)
  }
  const headers = createHeaders()
  const cookies = resultCookies(result.cookies)
  if (result.headers) addGivenHeaders(result.headers, headers, cookies, true)
  let body: string | Buffer | undefined
  const raw = result.body
  const bytes = typeof raw === 'object' && raw !== null ? bytesOf(raw) : undefined
  if (raw === undefined || raw === null) body = undefined
  else if (typeof raw === 'string') body = result.isBase64Encoded === true ? Buffer.from(raw, 'base64') : raw
  else if (bytes !== undefined) {
    body = bytes
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/octet-stream'
  } else {
    body = stringify(raw)
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/json; charset=utf-8'
  }
  return finishResult(status, headers, cookies, body, method, isBinary, result.isBase64Encoded)
}

/** Reads a WHATWG `Response` (from a fetch-style app or a handler) into a normalized result. */
export async function fromResponse(response: Response, method: string, isBinary: BinaryPredicate | undefined): Promise<NormalizedResult> {
  const headers = createHeaders()
  // getSetCookie keeps each Set-Cookie apart; a Headers implementation without it can only give them joined.
  const split = typeof response.headers.getSetCookie === 'function'
  response.headers.forEach((value, name) => {
    if ((name !== 'set-cookie' || !split) && !HOP_BY_HOP.has(name)) appendHeader(headers, name, value)
  })
  const cookies = split ? response.headers.getSetCookie() : []
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer())
  return finishResult(response.status, headers, cookies, body, method, isBinary)
}

/** Removes the headers a gateway must not be handed. */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name)
}
