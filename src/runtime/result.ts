import { answerWithSource, isBodySource, sourceType } from '../bridge/body-source.js'
import { answerWithResponse, isResponse } from '../bridge/web-response.js'
import {
  addGivenHeaders,
  createHeaders,
  finishResult,
  readResultCookies,
  type BinaryPredicate,
  type Completion,
  type HttpHeaders,
  type HttpResult,
} from '../model/index.js'

/** What a `handle()` handler may return. */
export type HandlerOutput = HttpResult | Response | string | Uint8Array | ArrayBuffer | ArrayBufferView | object | number | boolean | null | undefined

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

// The keys of an HttpResult: an object with only these and a `statusCode` is a result, whatever its status holds.
const RESULT_KEYS = new Set(['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'])

/** Whether an object with a non-number `statusCode` is meant as a result: every key it has is a result key. */
function looksLikeResult(value: object): boolean {
  if ((value as { statusCode?: unknown }).statusCode === undefined) return false
  for (const key in value) if (!RESULT_KEYS.has(key)) return false
  return true
}

/**
 * What JSON cannot carry: a function, a symbol, a Map or Set (JSON gives `{}`), a promise the handler did not await,
 * a WeakMap/WeakSet. Named in a `TypeError`, so the answer is a 500 with a log line instead of a silent `{}`.
 * (Nested values follow `JSON.stringify`; only the value itself is checked.)
 */
function refuseUnserializable(value: unknown, what: string): void {
  let kind: string | undefined
  if (typeof value === 'function') kind = 'a function'
  else if (typeof value === 'symbol') kind = 'a symbol'
  else if (typeof value === 'object' && value !== null) {
    if (value instanceof Map) kind = 'a Map'
    else if (value instanceof Set) kind = 'a Set'
    else if (value instanceof WeakMap || value instanceof WeakSet) kind = `a ${value.constructor.name}`
    else if (typeof (value as PromiseLike<unknown>).then === 'function') kind = 'a promise (await it before returning)'
  }
  if (kind !== undefined) throw new TypeError(`faasport: ${what} is ${kind}, which JSON cannot carry; return a string, bytes, a stream or a JSON-able value`)
}

/** A `statusCode` given as a numeric string (`'404'`) read as the number; anything else is left as it is. */
function statusOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value
}

/** Turns a JSON-able value into JSON text: `JSON.stringify`, or a serializer compiled from a response schema. */
export type Stringify = (value: unknown) => string

/**
 * Answers with whatever a `handle()` handler returned: a whole answer, or (for a body that arrives over time)
 * a head and a streamed or collected body. A result that breaks the rules (a bad status, a header with CR/LF)
 * throws a `TypeError`, which the caller maps to an error answer.
 */
export function answerWithOutput<T>(
  output: HandlerOutput,
  method: string,
  isBinary: BinaryPredicate | undefined,
  stringify: Stringify,
  done: Completion<T>,
): T | Promise<T> {
  if (output === undefined) return done.complete(finishResult(204, createHeaders(), [], undefined, method, isBinary))
  if (typeof output === 'string') {
    return done.complete(finishResult(200, single('content-type', 'text/plain; charset=utf-8'), [], output, method, isBinary))
  }
  if (typeof output === 'object' && output !== null) {
    const bytes = bytesOf(output)
    if (bytes !== undefined) return done.complete(finishResult(200, single('content-type', 'application/octet-stream'), [], bytes, method, isBinary))
    if (typeof (output as HttpResult).statusCode === 'number' || looksLikeResult(output)) return answerWithHttpResult(output as HttpResult, method, isBinary, stringify, done)
    if (isResponse(output)) return answerWithResponse(output, method, isBinary, done)
    if (isBodySource(output)) {
      const head = { statusCode: 200, headers: single('content-type', sourceType(output) ?? 'application/octet-stream'), cookies: [] }
      return answerWithSource(head, output, method, isBinary, done)
    }
  }
  refuseUnserializable(output, 'the handler\'s result')
  return done.complete(finishResult(200, single('content-type', 'application/json; charset=utf-8'), [], stringify(output), method, isBinary))
}

function answerWithHttpResult<T>(result: HttpResult, method: string, isBinary: BinaryPredicate | undefined, stringify: Stringify, done: Completion<T>): T | Promise<T> {
  const status = statusOf(result.statusCode)
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`faasport: statusCode must be an integer from 100 to 599, got ${typeof status === 'string' ? JSON.stringify(status) : String(status)}`)
  }
  const headers = createHeaders()
  const cookies = readResultCookies(result.cookies)
  if (result.headers) addGivenHeaders(result.headers, headers, cookies, true)
  let body: string | Buffer | undefined
  const raw = result.body
  const bytes = typeof raw === 'object' && raw !== null ? bytesOf(raw) : undefined
  if (raw === undefined || raw === null) body = undefined
  else if (typeof raw === 'string') body = result.isBase64Encoded === true ? Buffer.from(raw, 'base64') : raw
  else if (bytes !== undefined) {
    body = bytes
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/octet-stream'
  } else if (isBodySource(raw)) {
    if (headers['content-type'] === undefined) headers['content-type'] = sourceType(raw) ?? 'application/octet-stream'
    return answerWithSource({ statusCode: status, headers, cookies }, raw, method, isBinary, done, result.isBase64Encoded)
  } else {
    refuseUnserializable(raw, 'the result\'s body')
    body = stringify(raw)
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/json; charset=utf-8'
  }
  return done.complete(finishResult(status, headers, cookies, body, method, isBinary, result.isBase64Encoded))
}
