import type { IncomingMessage } from 'node:http'
import { setOwn, type HttpRequest } from '../model/index.js'
import type { BridgeSocket } from './socket.js'

// Fields Node keeps only once when a request repeats them (the rest are joined), as its HTTP parser does.
const SINGLETONS = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer',
  'retry-after', 'server', 'user-agent',
])

/** One repeated header as Node's HTTP parser stores it: Set-Cookie a list, singletons the first, others joined. */
function nodeValue(name: string, values: string[]): string | string[] {
  return name === 'set-cookie' ? values.slice() : SINGLETONS.has(name) ? values[0]! : values.join(name === 'cookie' ? '; ' : ', ')
}

interface HeaderLines {
  /**
   * What Node's HTTP server calls with the raw `[name, value, ...]` list once its parser has read a request head
   * (part of IncomingMessage since Node's first releases). It records `rawHeaders` and their count, from which
   * Node derives `headersDistinct` on first read.
   */
  _addHeaderLines(raw: string[], count: number): void
}

/**
 * A real `IncomingMessage` on the bridge socket, as Node's HTTP server would build it: Node-style headers,
 * `rawHeaders` and `headersDistinct`, HTTP/1.1, and the body queued as stream data so body parsers read it like
 * any upload.
 */
export function createIncomingMessage(
  IncomingMessageClass: typeof IncomingMessage,
  request: HttpRequest,
  socket: BridgeSocket,
): IncomingMessage {
  const req = new IncomingMessageClass(socket as never)
  req.method = request.method
  req.url = request.url
  req.httpVersionMajor = 1
  req.httpVersionMinor = 1
  req.httpVersion = '1.1'

  const body = request.body
  const source = request.headers
  // A plain object, as Node gives: apps call `req.headers.hasOwnProperty(...)` or check for plain objects.
  // Spreading copies own keys as data properties, so a `__proto__` header stays a plain key.
  const headers: Record<string, string | string[]> = { ...source }
  const raw: string[] = []
  for (const name in source) {
    // The body is whole and already de-chunked: its framing headers are set below from what is really there.
    if (name === 'content-length' || name === 'transfer-encoding') continue
    const value = source[name]!
    if (typeof value === 'string') raw.push(name, value)
    else {
      for (let i = 0; i < value.length; i++) raw.push(name, value[i]!)
      setOwn(headers, name, nodeValue(name, value))
    }
  }
  if (headers['transfer-encoding'] !== undefined) delete headers['transfer-encoding']
  const length = body !== undefined ? String(body.length) : headers['content-length'] !== undefined ? '0' : undefined
  if (length !== undefined) {
    headers['content-length'] = length
    raw.push('content-length', length)
  }
  // The list first (the parser's way), then the joined headers, built here faster than Node would from the list.
  ;(req as IncomingMessage & HeaderLines)._addHeaderLines(raw, raw.length)
  req.headers = headers as IncomingMessage['headers']
  req.complete = true
  if (body !== undefined && body.length > 0) req.push(body)
  req.push(null)
  return req
}
