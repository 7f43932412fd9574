import { isTextContentType } from './http-result.js'
import { parseQuery, type QueryParams } from './query.js'

/**
 * What a test says about the HTTP request it wants; event factories turn it into a real-shaped event for one
 * trigger, with realistic defaults for the rest.
 */
export interface HttpEventInit {
  /** HTTP method. Default `GET`. */
  method?: string
  /** Path as sent on the wire (percent-encoded), optionally with `?query`. Default `/`. */
  path?: string
  /**
   * Query parameters (decoded values), merged after any query in `path`; also taken as a raw query string
   * (`'a=1&b=2'`, a leading `?` allowed) or a `URLSearchParams`. Numbers and booleans are sent as their text.
   */
  query?: Record<string, string | number | boolean | readonly (string | number | boolean)[]> | string | URLSearchParams
  /**
   * Request headers; a list sends the header once per value, except `Cookie`: every Cookie header and `cookies`
   * are sent as one, joined with `; `, as a client sends them. Names keep the case given.
   */
  headers?: Record<string, string | number | boolean | readonly (string | number | boolean)[]>
  /**
   * Request cookies, as name/value pairs, ready `name=value` strings, or one Cookie header's text
   * (`'a=1; b=2'`); sent after any `Cookie` header's.
   */
  cookies?: Record<string, string> | readonly string[] | string
  /**
   * A string is sent as text; bytes (`Uint8Array`, `Buffer`, any `ArrayBufferView`, `ArrayBuffer`) as the
   * gateway sends them: as text when the content type is textual (`text/*`, JSON, XML, form-urlencoded...) and
   * the bytes are UTF-8, else base64 (default type `application/octet-stream`); `URLSearchParams` as a form;
   * a plain object or array, a number, a boolean or `null` as JSON (with a JSON content type). Any other
   * object is a `TypeError`.
   */
  body?: string | ArrayBuffer | ArrayBufferView | URLSearchParams | object | number | boolean | null
  /** The client address. Default `203.0.113.10`. */
  sourceIp?: string
}

/** A request init resolved into the parts every factory needs. */
export interface ResolvedEventInit {
  method: string
  /** Path without query, still percent-encoded. */
  path: string
  /** Decoded query pairs in order, repeats kept. */
  query: Array<[string, string]>
  /** Raw query string (percent-encoded) for the same pairs. */
  rawQuery: string
  /**
   * Header pairs in order (names as given), repeats kept, except `Cookie`: every Cookie header given and the
   * `cookies` option are one `Cookie` header (see `resolveEventInit`).
   */
  headers: Array<[string, string]>
  /** Every cookie that `Cookie` header carries, one `name=value` string each, in order. */
  cookies: string[]
  /** The body as the gateway carries it, and whether that is base64. */
  body: string | undefined
  isBase64Encoded: boolean
  sourceIp: string
}

const DEFAULT_IP = '203.0.113.10'

function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+')
}

/** A plain object, not an array or a class instance: what a map option must be. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function optionError(option: string, expected: string, value: unknown): TypeError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeName(value)
  return new TypeError(`faasport/testing: ${option} must be ${expected}, got ${shown}`)
}

/** The values of one map entry (a query key, a header): a string, number or boolean, or a list of them. */
function entryValues(option: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.map((v) => {
    if (typeof v === 'string') return v
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    throw optionError(option, 'a string (or a number or boolean), or a list of them', v)
  })
}

/** A map option's entries, checked: a plain object, or (where `asText` says how) its string form. */
function mapEntries(option: string, value: unknown): Array<[string, string[]]> {
  if (value === undefined || value === null) return []
  if (!isPlainObject(value)) throw optionError(option, 'an object of names to values', value)
  return Object.entries(value).map(([name, v]) => [name, entryValues(`${option}.${name}`, v)])
}

/** The `query` option's pairs: an object, a raw query string, or URLSearchParams. */
function queryPairs(value: unknown): Array<[string, string]> {
  if (value === undefined || value === null) return []
  if (typeof value === 'string' || value instanceof URLSearchParams) {
    const params = value instanceof URLSearchParams ? value : new URLSearchParams(value.startsWith('?') ? value.slice(1) : value)
    return [...params]
  }
  const pairs: Array<[string, string]> = []
  for (const [key, values] of mapEntries('query', value)) for (const v of values) pairs.push([key, v])
  return pairs
}

/** The `cookies` option as `name=value` strings: pairs, a list, or one Cookie header's text. */
function cookieOption(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : (() => { throw optionError('cookies', 'name=value strings', v) })()))
  return mapEntries('cookies', value).map(([name, values]) => `${name}=${values.join(',')}`)
}

function stringOption(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string') throw optionError(option, 'a string', value)
  return value
}

/** Whether a value sends as JSON: a plain object or array, a number, a boolean or null. */
function isJsonBody(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value === 'number' || typeof value === 'boolean' || value === null
  const proto = Object.getPrototypeOf(value)
  return Array.isArray(value) || proto === Object.prototype || proto === null
}

function typeName(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value
  return (value as { constructor?: { name?: string } }).constructor?.name || Object.prototype.toString.call(value).slice(8, -1)
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Bytes of an `ArrayBuffer` or any view of one, without copying. */
function asBuffer(bytes: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes)
}

/** The `name=value` pieces of Cookie header values, in order, blanks dropped. */
function cookiePieces(values: readonly string[]): string[] {
  const out: string[] = []
  for (const value of values) for (const piece of value.split(';')) if (piece.trim() !== '') out.push(piece.trim())
  return out
}

/**
 * Resolves an init: splits path and query, encodes the body, adds a content type for JSON, form and byte
 * bodies. `isText` decides which content types a gateway passes as text (default: `text/*`, JSON, XML,
 * JavaScript, form-urlencoded, `+json`, `+xml`); bytes of other types, or content-encoded, go as base64.
 *
 * Every Cookie header given and the `cookies` option become one `Cookie` header joined with `; `, as a client
 * sends them (RFC 6265 §5.4; an HTTP/2 client's separate cookie fields are joined so before an HTTP/1.1 hop,
 * RFC 9113 §8.2.3). Gateways with one value per header would otherwise join them with `,`, which reads as one
 * cookie whose value holds the rest.
 */
export function resolveEventInit(init: HttpEventInit = {}, isText: (contentType: string) => boolean = isTextContentType): ResolvedEventInit {
  if (typeof init !== 'object' || init === null) throw optionError('the request init', 'an object', init)
  const method = stringOption('method', init.method, 'GET').toUpperCase()
  const rawPath = stringOption('path', init.path, '/')
  const mark = rawPath.indexOf('?')
  const path = mark === -1 ? rawPath : rawPath.slice(0, mark)
  const query: Array<[string, string]> = []
  let rawQuery = mark === -1 ? '' : rawPath.slice(mark + 1)
  if (rawQuery) {
    const parsed: QueryParams = parseQuery(rawQuery)
    for (const key in parsed) {
      const value = parsed[key]!
      for (const v of typeof value === 'string' ? [value] : value) query.push([key, v])
    }
  }
  for (const [key, v] of queryPairs(init.query)) {
    query.push([key, v])
    rawQuery += (rawQuery ? '&' : '') + encodePart(key) + '=' + encodePart(v)
  }

  const headers: Array<[string, string]> = []
  let contentType: string | undefined
  let encoded = false
  // Where the first Cookie header stood, under the name given; the merged one goes there.
  let cookieHeader: { at: number; name: string; values: string[] } | undefined
  for (const [name, values] of mapEntries('headers', init.headers)) {
    const lower = name.toLowerCase()
    for (const v of values) {
      if (lower === 'cookie') {
        cookieHeader ??= { at: headers.length, name, values: [] }
        cookieHeader.values.push(v)
        continue
      }
      if (lower === 'content-type') contentType ??= v
      if (lower === 'content-encoding' && v !== '' && v.toLowerCase() !== 'identity') encoded = true
      headers.push([name, v])
    }
  }
  const withType = (type: string) => {
    if (contentType === undefined) headers.push(['content-type', (contentType = type)])
  }

  const cookies = cookiePieces([...(cookieHeader?.values ?? []), ...cookieOption(init.cookies)])

  let body: string | undefined
  let isBase64Encoded = false
  const given = init.body
  if (given === undefined) body = undefined
  else if (typeof given === 'string') body = given
  else if (given instanceof ArrayBuffer || ArrayBuffer.isView(given)) {
    withType('application/octet-stream')
    const bytes = asBuffer(given)
    isBase64Encoded = encoded || !isText(contentType!) || !isUtf8(bytes)
    body = bytes.toString(isBase64Encoded ? 'base64' : 'utf8')
  } else if (given instanceof URLSearchParams) {
    withType('application/x-www-form-urlencoded;charset=UTF-8')
    body = given.toString()
  } else if (isJsonBody(given)) {
    withType('application/json')
    body = JSON.stringify(given)
  } else {
    throw new TypeError(
      `faasport/testing: cannot send a ${typeName(given)} as a request body; pass a string, bytes (Uint8Array, ArrayBuffer), URLSearchParams, or a plain object or array for JSON`,
    )
  }
  if (cookieHeader) headers.splice(cookieHeader.at, 0, [cookieHeader.name, cookies.join('; ')])
  else if (cookies.length > 0) headers.push(['Cookie', cookies.join('; ')])
  return { method, path, query, rawQuery, headers, cookies, body, isBase64Encoded, sourceIp: stringOption('sourceIp', init.sourceIp, DEFAULT_IP) }
}

/** Percent-decodes a path the way gateways that decode paths do, leaving invalid escapes as they are. */
export function decodePathLikeGateway(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** Pseudo-random hex for ids in generated events (not for security). */
export function randomHex(length: number): string {
  let out = ''
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0')
  return out.slice(0, length)
}
