import { isUtf8 } from 'node:buffer'
import { appendHeader, headerString, type HttpHeaders } from './headers.js'
import { isBinaryByDefault, type BinaryPredicate, type NormalizedResult } from './http-result.js'

// The rules every answer follows, buffered or streamed, whoever produced it (a handler's result, a Node app's
// response, a fetch app's Response).

// Connection-level headers a gateway must not be handed (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'])
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const BAD_HEADER_VALUE = /[\r\n\0]/

/** True for the headers a gateway must not be handed (`connection`, `transfer-encoding`...). */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name)
}

/** True when a status never carries a body (1xx, 204, 304). */
export function isBodiless(status: number): boolean {
  return status < 200 || status === 204 || status === 304
}

/** True when an answer to `method` with `status` carries no body: HEAD requests and 1xx, 204, 304. */
export function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || isBodiless(status)
}

/**
 * Completes a buffered response: drops the body where HTTP forbids one, and decides base64 by the override,
 * else by the user's predicate or the default rule. Bytes go as text only when they are valid UTF-8 (gateways
 * carry text as UTF-8, so a `charset=iso-8859-1` body would be corrupted); with no content type, the bytes
 * alone decide.
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
  if (body !== undefined && hasNoBody(method, statusCode)) body = undefined
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

/** `HttpResult.cookies`, held to the same rules as a `set-cookie` header: a list of strings without CR, LF or NUL. */
export function readResultCookies(given: unknown): string[] {
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
