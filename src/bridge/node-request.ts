import type { IncomingMessage } from 'node:http'
import { emptyRecord, type HttpRequest } from '../model/index.js'
import type { BridgeSocket } from './socket.js'

// Fields Node keeps only once when a request repeats them (the rest are joined), as its HTTP parser does.
const SINGLETONS = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer',
  'retry-after', 'server', 'user-agent',
])

/**
 * A real `IncomingMessage` on the bridge socket, as Node's HTTP server would build it: Node-style headers and
 * `rawHeaders`, HTTP/1.1, and the body queued as stream data so body parsers read it like any upload.
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
  const headers = emptyRecord<string | string[]>()
  const raw: string[] = []
  for (const name in source) {
    // The body is whole and already de-chunked: its framing headers are recomputed below.
    if (name === 'content-length' || name === 'transfer-encoding') continue
    const value = source[name]!
    if (typeof value === 'string') {
      headers[name] = value
      raw.push(name, value)
    } else {
      for (const v of value) raw.push(name, v)
      headers[name] = name === 'set-cookie' ? value.slice() : SINGLETONS.has(name) ? value[0]! : value.join(name === 'cookie' ? '; ' : ', ')
    }
  }
  if (body !== undefined) {
    const length = String(body.length)
    headers['content-length'] = length
    raw.push('content-length', length)
  } else if (source['content-length'] !== undefined) {
    headers['content-length'] = '0'
    raw.push('content-length', '0')
  }
  req.headers = headers as IncomingMessage['headers']
  req.rawHeaders = raw
  req.complete = true
  if (body !== undefined && body.length > 0) req.push(body)
  req.push(null)
  return req
}
