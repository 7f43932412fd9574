import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  appendHeader,
  createHeaders,
  HttpRequest,
  requestPath,
  type HttpHeaders,
  type NormalizedResult,
  type RequestOptions,
  type RequestReader,
  type ResponseHead,
} from '../model/index.js'

// The request a real Node HTTP server received, in faasport's model (for web functions and containers).

interface ServerRequestParts {
  headers: HttpHeaders
  rawQuery: string
  body: Buffer | undefined
  sourceIp: string | undefined
}

const reader: RequestReader<ServerRequestParts> = {
  headers: (parts) => parts.headers,
  rawQuery: (parts) => parts.rawQuery,
  body: (parts) => parts.body,
  sourceIp: (parts) => parts.sourceIp,
}

/** Lower-case headers from the raw list, keeping every repeat (Node's own `req.headers` joins them). */
export function headersOf(req: IncomingMessage): HttpHeaders {
  const headers = createHeaders()
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) appendHeader(headers, raw[i]!.toLowerCase(), raw[i + 1]!)
  return headers
}

/** The request body is larger than the server's `maxBodyBytes`: a 413 before the handler runs. */
export class BodyTooLargeError extends Error {
  readonly status = 413
  readonly expose = true
  constructor(limit: number) {
    super(`the request body is larger than ${limit} bytes (maxBodyBytes)`)
    this.name = 'BodyTooLargeError'
  }
}

/** The client closed the connection before its request had arrived: nobody is left to answer. */
export class ClientAbortError extends Error {
  constructor() {
    super('the client closed the connection before the request body arrived')
    this.name = 'ClientAbortError'
  }
}

/** Whether the request declares (`content-length`) a body larger than `limit`; chunked bodies are counted while read. */
export function declaresTooLarge(req: IncomingMessage, limit: number): boolean {
  const length = req.headers['content-length']
  return length !== undefined && Number(length) > limit
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      // Past the limit, the rest is read and dropped until the 413 has gone out and the connection closes.
      chunks.length = 0
      reject(new BodyTooLargeError(limit))
    })
    req.on('end', () => resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks)))
    // A request stream fails only when its connection does: the client went away mid-body.
    req.on('error', () => reject(new ClientAbortError()))
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortError())
    })
  })
}

/** The path and query of a request target: HTTP/1.1 servers must also accept the absolute form proxies send (`http://host/path?q`). */
function originForm(target: string): string {
  if (target.charCodeAt(0) === 47 /* / */) return target
  const scheme = target.indexOf('://')
  if (scheme === -1) return target
  const rest = target.slice(scheme + 3)
  const end = rest.search(/[/?]/)
  return end === -1 ? '/' : rest[end] === '/' ? rest.slice(end) : '/' + rest.slice(end)
}

/**
 * Reads a server request (body included, up to `maxBodyBytes`) into an `HttpRequest`; the raw event is the
 * `IncomingMessage`. Rejects with `BodyTooLargeError` past the limit and `ClientAbortError` when the client leaves.
 */
export async function fromServerRequest(
  req: IncomingMessage,
  headers: HttpHeaders,
  context: unknown,
  options: RequestOptions,
  maxBodyBytes: number,
): Promise<HttpRequest<ServerRequestParts>> {
  const url = originForm(req.url ?? '/')
  const mark = url.indexOf('?')
  const parts: ServerRequestParts = {
    headers,
    rawQuery: mark === -1 ? '' : url.slice(mark + 1),
    body: await readBody(req, maxBodyBytes),
    sourceIp: req.socket?.remoteAddress,
  }
  const request = new HttpRequest({ method: (req.method ?? 'GET').toUpperCase(), path: requestPath(mark === -1 ? url : url.slice(0, mark), options), reader, event: parts, context })
  return request
}

/** Writes an answer's head to a real response: the status, every header and every Set-Cookie. */
export function writeHead(res: ServerResponse, head: ResponseHead): void {
  const headers: Record<string, string | string[]> = {}
  for (const name in head.headers) headers[name] = head.headers[name]!
  if (head.cookies.length > 0) headers['set-cookie'] = head.cookies
  res.writeHead(head.statusCode, headers)
}

/** Writes a normalized result to a real response: every header and every Set-Cookie, the body as bytes. */
export function writeResult(res: ServerResponse, result: NormalizedResult): void {
  writeHead(res, result)
  const body = result.body
  res.end(body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
}
