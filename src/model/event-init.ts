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
  /** Query parameters (decoded values), merged after any query in `path`. */
  query?: Record<string, string | readonly string[]>
  /** Request headers; a list sends the header once per value. Names keep the case given. */
  headers?: Record<string, string | readonly string[]>
  /** Request cookies, as name/value pairs or ready `name=value` strings. */
  cookies?: Record<string, string> | readonly string[]
  /** A string is sent as text, bytes as base64, anything else as JSON (with a JSON content type). */
  body?: string | Uint8Array | object | number | boolean | null
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
  /** Header pairs in order (names as given), repeats kept, without cookies. */
  headers: Array<[string, string]>
  /** `name=value` cookie strings. */
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

/** Resolves an init: splits path and query, encodes the body, adds a content type for JSON bodies. */
export function resolveEventInit(init: HttpEventInit = {}): ResolvedEventInit {
  const method = (init.method ?? 'GET').toUpperCase()
  const rawPath = init.path ?? '/'
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
  for (const [key, value] of Object.entries(init.query ?? {})) {
    for (const v of typeof value === 'string' ? [value] : value) {
      query.push([key, v])
      rawQuery += (rawQuery ? '&' : '') + encodePart(key) + '=' + encodePart(v)
    }
  }

  const headers: Array<[string, string]> = []
  let hasType = false
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (name.toLowerCase() === 'content-type') hasType = true
    for (const v of typeof value === 'string' ? [value] : value) headers.push([name, v])
  }

  const cookies = Array.isArray(init.cookies)
    ? [...(init.cookies as readonly string[])]
    : Object.entries((init.cookies ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`)

  let body: string | undefined
  let isBase64Encoded = false
  const given = init.body
  if (given === undefined) body = undefined
  else if (typeof given === 'string') body = given
  else if (given instanceof Uint8Array) {
    body = Buffer.from(given.buffer, given.byteOffset, given.byteLength).toString('base64')
    isBase64Encoded = true
    if (!hasType) headers.push(['content-type', 'application/octet-stream'])
  } else {
    body = JSON.stringify(given)
    if (!hasType) headers.push(['content-type', 'application/json'])
  }
  return { method, path, query, rawQuery, headers, cookies, body, isBase64Encoded, sourceIp: init.sourceIp ?? DEFAULT_IP }
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
