import { isRecord, ResultShapeError, type DecodedResponse, type HttpTriggerKit, type ProviderKit, type StreamedChunk } from '../../src/model/index.js'
import * as events from './factories.js'
import { azureProviderWithEvents } from './index.js'

// Azure's share of the test kit: the entry is called `(request, context)` and what it returns is the
// HttpResponseInit, read back here as the host would write it.

const TRIGGER = 'azure/http'
const KEYS = ['status', 'headers', 'body', 'jsonBody', 'cookies', 'enableContentNegotiation']

/** RFC 3986 escaping, as the host's `Uri.EscapeDataString` writes cookie values. */
function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A cookie object as the host writes it as a Set-Cookie header (value URL-encoded, lower-case attribute names). */
export function serializeCookie(cookie: unknown, result: unknown): string {
  if (!isRecord(cookie) || typeof cookie.name !== 'string' || typeof cookie.value !== 'string') throw new ResultShapeError(TRIGGER, 'has a cookie without a string name and value', result)
  let out = `${cookie.name}=${escapeDataString(cookie.value)}`
  const expires = cookie.expires
  if (expires !== undefined && expires !== null) {
    const date = expires instanceof Date ? expires : typeof expires === 'number' ? new Date(expires) : undefined
    if (date === undefined || Number.isNaN(date.getTime())) throw new ResultShapeError(TRIGGER, `has a cookie ${cookie.name} whose expires is not a Date or a number`, result)
    out += `; expires=${date.toUTCString()}`
  }
  if (typeof cookie.maxAge === 'number') out += `; max-age=${cookie.maxAge}`
  if (typeof cookie.domain === 'string') out += `; domain=${cookie.domain}`
  if (typeof cookie.path === 'string') out += `; path=${cookie.path}`
  if (cookie.secure === true) out += '; secure'
  if (typeof cookie.sameSite === 'string') out += `; samesite=${cookie.sameSite.toLowerCase()}`
  if (cookie.httpOnly === true) out += '; httponly'
  return out
}

function bodyBytes(body: unknown, result: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  throw new ResultShapeError(TRIGGER, 'has a body that is not a string or bytes', result)
}

/** Reads an `HttpResponseInit` back: the one value per header the host keeps, every cookie object as a Set-Cookie. */
export function decodeAzureResult(result: unknown): DecodedResponse {
  if (!isRecord(result)) throw new ResultShapeError(TRIGGER, 'is not an HttpResponseInit object', result)
  for (const key of Object.keys(result)) if (!KEYS.includes(key)) throw new ResultShapeError(TRIGGER, `has key ${key}, which the host ignores (it reads ${KEYS.join(', ')})`, result)
  const status = result.status ?? 200
  // `new HttpResponse(init)` builds a WHATWG Response, which throws for a status outside 200 to 599.
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) throw new ResultShapeError(TRIGGER, 'has a status that is not an integer from 200 to 599', result)
  const headers: Record<string, string[]> = {}
  const cookies: string[] = []
  const given = result.headers
  let entries: Array<[unknown, unknown]> = []
  if (Array.isArray(given)) entries = given as Array<[unknown, unknown]>
  else if (isRecord(given)) {
    const proto: unknown = Object.getPrototypeOf(given)
    const plain = proto === Object.prototype || proto === null
    entries = !plain && typeof (given as { entries?: unknown }).entries === 'function' ? [...(given as unknown as Headers).entries()] : Object.entries(given)
  } else if (given !== undefined && given !== null) throw new ResultShapeError(TRIGGER, 'has headers that are not an object', result)
  for (const [name, value] of entries) {
    if (typeof name !== 'string' || typeof value !== 'string') throw new ResultShapeError(TRIGGER, `has a bad value for header ${String(name)}`, result)
    const lower = name.toLowerCase()
    // The host keeps one value per name (the last), Set-Cookie included.
    if (lower === 'set-cookie') cookies.splice(0, cookies.length, value)
    else headers[lower] = [value]
  }
  if (result.cookies !== undefined) {
    if (!Array.isArray(result.cookies)) throw new ResultShapeError(TRIGGER, 'has cookies that are not a list', result)
    for (const cookie of result.cookies) cookies.push(serializeCookie(cookie, result))
  }
  const body = result.jsonBody !== undefined ? Buffer.from(JSON.stringify(result.jsonBody)) : bodyBytes(result.body, result)
  return { status: status as number, headers, cookies, body, isBase64Encoded: false }
}

// Marks a result whose body the kit read from its stream, with the chunks as they came.
const STREAMED = Symbol('faasport.azure.streamed')

const http: HttpTriggerKit = {
  provider: 'azure',
  trigger: 'http',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: events.httpRequest,
  async call(entry, init, context) {
    const startedAt = Date.now()
    const result = await entry(events.httpRequest(init), context ?? events.azureContext())
    const body = (result as { body?: unknown } | null | undefined)?.body
    if (!(body instanceof ReadableStream)) return result
    // A streamed answer (`stream: true`): read as the host does under enableHttpStream, each chunk as it comes.
    const chunks: StreamedChunk[] = []
    const reader = (body as ReadableStream<Uint8Array>).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push({ atMs: Date.now() - startedAt, data: Buffer.from(value) })
    }
    return { ...(result as object), body: Buffer.concat(chunks.map((c) => c.data)), [STREAMED]: chunks }
  },
  decode: (result) => {
    const decoded = decodeAzureResult(result)
    const chunks = (result as Record<symbol, StreamedChunk[] | undefined> | null)?.[STREAMED]
    if (chunks !== undefined) decoded.chunks = chunks
    return decoded
  },
}

/** Azure Functions's test kit. */
export const azureKit: ProviderKit = {
  provider: 'azure',
  platform: azureProviderWithEvents,
  context: (overrides) => events.azureContext(overrides as events.AzureContextInit | undefined),
  http: [http],
  split: (value) => (typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[events.AZURE_CALL] === true ? { event: (value as events.AzureCall).input, context: (value as events.AzureCall).context } : undefined),
}
