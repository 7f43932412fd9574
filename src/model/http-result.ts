import type { HttpHeaders } from './headers.js'

/** A value `JSON.stringify` turns into JSON. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined }

/**
 * What a `handle()` handler may return to control the whole response. Any object with a numeric `statusCode`
 * is read as an `HttpResult`.
 */
export interface HttpResult {
  /** HTTP status code. */
  statusCode: number
  /** Response headers; a list sends the header once per value; `undefined` or `null` leaves it out. `set-cookie` here is moved to `cookies`. */
  headers?: Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>
  /** `Set-Cookie` values, each sent as its own header, never comma-joined. */
  cookies?: readonly string[]
  /**
   * A string or bytes (a Buffer, any typed array or `DataView`, an `ArrayBuffer`) are sent as they are; a body that
   * arrives over time (a `ReadableStream`, a Node `Readable`, a `Blob`, any `AsyncIterable` of strings or bytes)
   * is streamed where the platform streams (`stream: true` on Lambda, `listen()`) and read to its end elsewhere;
   * any other value is sent as JSON.
   */
  body?: string | Uint8Array | ArrayBuffer | ArrayBufferView | ReadableStream | NodeJS.ReadableStream | Blob | AsyncIterable<string | Uint8Array> | JsonValue | object
  /** Forces (true) or forbids (false) base64 for the body; by default the content type decides. */
  isBase64Encoded?: boolean
}

/**
 * A response in provider-neutral form, what every adapter turns into its gateway's format. `body` is a string
 * only when the response is text.
 */
export interface NormalizedResult {
  statusCode: number
  /** Lower-case names, no `set-cookie` (see `cookies`) and no hop-by-hop headers. */
  headers: HttpHeaders
  cookies: string[]
  body: string | Buffer | undefined
  /** Whether the gateway must carry the body as base64. */
  isBase64Encoded: boolean
}

/** Decides whether a response body is binary, from its content type and content encoding. */
export type BinaryPredicate = (contentType: string | undefined, contentEncoding: string | undefined) => boolean

// text/*, JSON, XML, JavaScript, form-urlencoded, and any +json/+xml type.
const TEXT_TYPE =
  /^(?:text\/|application\/(?:json|xml|javascript|ecmascript|x-javascript|x-www-form-urlencoded|graphql(?:-response\+json)?|ld\+json|[\w.+-]*\+(?:json|xml))\b)|^image\/svg\+xml\b/i

/** True for content types that travel as text: `text/*`, JSON, XML, JavaScript, form-urlencoded, `+json`, `+xml`. */
export function isTextContentType(contentType: string): boolean {
  // Fast path for the two types nearly every response has.
  if (contentType.startsWith('text/')) return true
  if (contentType.startsWith('application/json')) {
    const next = contentType.charCodeAt(16)
    if (Number.isNaN(next) || next === 59 /* ; */ || next === 32) return true
  }
  return TEXT_TYPE.test(contentType.trimStart())
}

/**
 * The default binary rule: binary unless the type is textual and the body is not content-encoded (gzip,
 * br, ... are bytes whatever the type says). No content type is text here; the caller then sends bytes as text
 * only when they are valid UTF-8, as it does for every byte body.
 */
export function isBinaryByDefault(contentType: string | undefined, contentEncoding: string | undefined): boolean {
  if (contentEncoding !== undefined && contentEncoding !== '' && contentEncoding.toLowerCase() !== 'identity') return true
  return contentType === undefined ? false : !isTextContentType(contentType)
}

/** The body as gateways want it in JSON results: base64 when flagged, else text; `''` when there is none. */
export function encodeResultBody(result: NormalizedResult): string {
  const body = result.body
  if (body === undefined) return ''
  if (typeof body === 'string') return result.isBase64Encoded ? Buffer.from(body, 'utf8').toString('base64') : body
  return result.isBase64Encoded ? body.toString('base64') : body.toString('utf8')
}

/** The body as bytes, for gateways that take a stream or a buffer. */
export function resultBodyBytes(result: NormalizedResult): Buffer {
  const body = result.body
  if (body === undefined) return Buffer.alloc(0)
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body
}
