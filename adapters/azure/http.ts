import {
  appendHeader,
  createHeaders,
  HttpRequest,
  InvalidEventError,
  isRecord,
  lastForwardedFor,
  lowerName,
  readHeaderMap,
  readStringMap,
  requestPath,
  requireMethod,
  requireString,
  type HttpAdapter,
  type HttpHeaders,
  type RequestReader,
} from '../../src/model/index.js'
import { azureTriggerType } from './context.js'
import { azureHead, azureHttpResult } from './results.js'

const TRIGGER = 'azure/http'

/**
 * The `HttpRequest` Azure Functions hands an HTTP function (@azure/functions): a WHATWG-style request with `url`
 * (absolute), `headers` (a `Headers`), `query` (`URLSearchParams`), `params` and the body methods.
 */
export interface AzureHttpRequest {
  method: string
  url: string
  headers: Iterable<[string, string]> | Record<string, string>
  query?: URLSearchParams
  params?: Record<string, string>
  body?: unknown
  arrayBuffer?(): Promise<ArrayBuffer>
}

/** Where the path starts in an absolute URL (`https://host/api/x?q`), or -1. */
function pathStart(url: string): number {
  const scheme = url.indexOf('://')
  if (scheme === -1) return url.charCodeAt(0) === 47 ? 0 : -1
  const slash = url.indexOf('/', scheme + 3)
  if (slash !== -1) return slash
  return url.length
}

/** The path and raw query of the request URL, as the client sent them (the route prefix, `/api` by default, included). */
function splitUrl(url: string): { path: string; rawQuery: string } {
  const start = pathStart(url)
  if (start === -1) throw new InvalidEventError(TRIGGER, 'url', `must be an absolute URL, got ${JSON.stringify(url.slice(0, 80))}`)
  const hash = url.indexOf('#', start)
  const end = hash === -1 ? url.length : hash
  const mark = url.indexOf('?', start)
  if (mark === -1 || mark > end) return { path: url.slice(start, end) || '/', rawQuery: '' }
  return { path: url.slice(start, mark) || '/', rawQuery: url.slice(mark + 1, end) }
}

/** A `Headers` object (or anything with `entries()`), or a plain map from a look-alike. */
function readHeaders(headers: unknown): HttpHeaders {
  if (isRecord(headers) && typeof (headers as { entries?: unknown }).entries === 'function') {
    const out = createHeaders()
    // A Headers object yields each Set-Cookie apart and every other repeated header already joined with ", ".
    for (const entry of (headers as unknown as { entries(): Iterable<unknown> }).entries()) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
        throw new InvalidEventError(TRIGGER, 'headers', 'must yield [name, value] pairs of strings')
      }
      appendHeader(out, lowerName(entry[0]), entry[1])
    }
    return out
  }
  return readHeaderMap(TRIGGER, 'headers', headers, false)
}

const reader: RequestReader<AzureHttpRequest> = {
  headers: (req) => readHeaders(req.headers),
  // The URL's query is authoritative: `query` may have lost repeats (the host hands a map), the URL has them all.
  rawQuery(req) {
    const { rawQuery } = splitUrl(req.url)
    if (rawQuery !== '' || !(req.query instanceof URLSearchParams)) return rawQuery
    return req.query.toString()
  },
  params: (req) => readStringMap(TRIGGER, 'params', req.params),
  // The App Service front end adds the client to X-Forwarded-For, as `address:port`.
  sourceIp: (_req, request) => withoutPort(lastForwardedFor(request.headers['x-forwarded-for'])),
}

/** `203.0.113.10:51234` → `203.0.113.10`, `[2001:db8::1]:443` → `2001:db8::1`; a bare address stays. */
function withoutPort(address: string | undefined): string | undefined {
  if (address === undefined) return undefined
  if (address.startsWith('[')) {
    const close = address.indexOf(']')
    return close === -1 ? address : address.slice(1, close)
  }
  const colon = address.indexOf(':')
  return colon !== -1 && colon === address.lastIndexOf(':') ? address.slice(0, colon) : address
}

function asBuffer(bytes: ArrayBuffer | ArrayBufferView): Buffer | undefined {
  const buffer = ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes)
  return buffer.byteLength === 0 ? undefined : buffer
}

/** Reads a WHATWG `ReadableStream` to its end (a look-alike without `arrayBuffer()`). */
async function readStream(stream: { getReader(): { read(): Promise<{ done: boolean; value?: unknown }> } }): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  const streamReader = stream.getReader()
  for (;;) {
    const { done, value } = await streamReader.read()
    if (done) break
    if (value instanceof Uint8Array) chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
    else if (typeof value === 'string') chunks.push(Buffer.from(value))
    else throw new TypeError('the body stream yielded a chunk that is not bytes')
  }
  return chunks.length === 0 ? undefined : Buffer.concat(chunks)
}

/** The body bytes, through `arrayBuffer()` (a streamed body, with `enableHttpStream`, is read to its end too). */
async function readBody(req: AzureHttpRequest): Promise<Buffer | undefined> {
  try {
    if (typeof req.arrayBuffer === 'function') return asBuffer(await req.arrayBuffer())
    const body = req.body
    if (body === undefined || body === null) return undefined
    if (typeof body === 'string') return body === '' ? undefined : Buffer.from(body)
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return asBuffer(body)
    if (isRecord(body) && typeof body.getReader === 'function') return await readStream(body as never)
  } catch (error) {
    throw new InvalidEventError(TRIGGER, 'body', `could not be read: ${(error as Error)?.message ?? String(error)}`)
  }
  throw new InvalidEventError(TRIGGER, 'body', 'must be a stream, a string or bytes')
}

/** Azure Functions HTTP triggers (`app.http`), recognised by the context's trigger type `httpTrigger`. */
export const http: HttpAdapter<AzureHttpRequest> = {
  provider: 'azure',
  trigger: 'http',
  kind: 'http',
  // The request's own fields too, so a context alone never claims whatever comes with it.
  matches: (event, context) => azureTriggerType(context) === 'httptrigger' && isRecord(event) && typeof event.method === 'string' && typeof event.url === 'string',
  toRequest(req, context, options) {
    const method = requireMethod(TRIGGER, 'method', req.method)
    const path = requestPath(splitUrl(requireString(TRIGGER, 'url', req.url)).path, options)
    // `body` is null on the library's HttpRequest when there is none (GET, HEAD): no promise, no empty ArrayBuffer.
    if (req.body === null) return new HttpRequest({ method, path, reader, event: req, context, body: undefined })
    return readBody(req).then((body) => new HttpRequest({ method, path, reader, event: req, context, body }))
  },
  toResult: (result, _req, _context, invocation) => azureHttpResult(result, invocation),
  // With `stream: true` the entry returns the head with a ReadableStream body: the host streams it under
  // `app.setup({ enableHttpStream: true })` and reads it whole otherwise, so the same export works in both modes.
  returnsStream: (head, body) => ({ ...head, body }),
  toPrelude: (head, _req, invocation) => azureHead(head, invocation),
}
