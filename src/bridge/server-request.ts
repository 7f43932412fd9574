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

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Reads a server request (body included) into an `HttpRequest`; the raw event is the `IncomingMessage`. */
export async function fromServerRequest(req: IncomingMessage, headers: HttpHeaders, context: unknown, options: RequestOptions): Promise<HttpRequest<ServerRequestParts>> {
  const url = req.url ?? '/'
  const mark = url.indexOf('?')
  const parts: ServerRequestParts = {
    headers,
    rawQuery: mark === -1 ? '' : url.slice(mark + 1),
    body: await readBody(req),
    sourceIp: req.socket?.remoteAddress,
  }
  const request = new HttpRequest({ method: (req.method ?? 'GET').toUpperCase(), path: requestPath(mark === -1 ? url : url.slice(0, mark), options), reader, event: parts, context })
  return request
}

/** Writes a normalized result to a real response: every header and every Set-Cookie, the body as bytes. */
export function writeResult(res: ServerResponse, result: NormalizedResult): void {
  const headers: Record<string, string | string[]> = {}
  for (const name in result.headers) headers[name] = result.headers[name]!
  if (result.cookies.length > 0) headers['set-cookie'] = result.cookies
  res.writeHead(result.statusCode, headers)
  const body = result.body
  res.end(body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
}
