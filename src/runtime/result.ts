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
    if (typeof (output as HttpResult).statusCode === 'number') return answerWithHttpResult(output as HttpResult, method, isBinary, stringify, done)
    if (isResponse(output)) return answerWithResponse(output, method, isBinary, done)
    if (isBodySource(output)) {
      const head = { statusCode: 200, headers: single('content-type', sourceType(output) ?? 'application/octet-stream'), cookies: [] }
      return answerWithSource(head, output, method, isBinary, done)
    }
  }
  return done.complete(finishResult(200, single('content-type', 'application/json; charset=utf-8'), [], stringify(output), method, isBinary))
}

function answerWithHttpResult<T>(result: HttpResult, method: string, isBinary: BinaryPredicate | undefined, stringify: Stringify, done: Completion<T>): T | Promise<T> {
  const status = result.statusCode
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`faasport: statusCode must be an integer from 100 to 599, got ${String(status)}`)
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
    body = stringify(raw)
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/json; charset=utf-8'
  }
  return done.complete(finishResult(status, headers, cookies, body, method, isBinary, result.isBase64Encoded))
}
