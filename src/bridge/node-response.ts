import type { IncomingMessage, ServerResponse } from 'node:http'
import { appendHeader, createHeaders, type BinaryPredicate, type HttpHeaders, type NormalizedResult } from '../model/index.js'
import { finishResult, isHopByHop } from '../runtime/result.js'
import type { BridgeSocket } from './socket.js'
import { parseHead } from './wire.js'

// The body is captured where the app hands it over (write/end), before Node frames it: no head to strip,
// no chunked encoding to undo, strings kept as strings. Both wrappers are own properties, so they survive
// Express swapping the response's prototype, and they defer to whatever the prototype chain has.

const BODY = Symbol('faasport.body')
/** Set on a response whose head was given to `writeHead` directly: Node then keeps it only in the serialized head. */
const HEAD_IN_WRITEHEAD = Symbol('faasport.headInWriteHead')

interface Captured {
  chunks: Array<string | Buffer>
  /** Whether every chunk is a UTF-8 string, so the body can stay a string. */
  text: boolean
}

interface ResponseInternals {
  _header?: string | null
  [BODY]: Captured
  [HEAD_IN_WRITEHEAD]?: boolean
}

type Response = ServerResponse & ResponseInternals
type OutHeaders = Record<string, [string, string | number | readonly string[]]>
let outHeadersKey: symbol | null | undefined

// Node keeps the headers set through setHeader/appendHeader under a private symbol, lower-cased names
// mapping to [name, value]. Reading them there avoids re-parsing the serialized head; when the symbol is not
// found (another Node version), the head is parsed instead.
function findOutHeadersKey(res: ServerResponse): symbol | null {
  return Object.getOwnPropertySymbols(res).find((s) => s.description === 'kOutHeaders') ?? null
}

function capture(res: Response, chunk: unknown, encoding: unknown): void {
  if (chunk === undefined || chunk === null || typeof chunk === 'function' || res.writableEnded) return
  const body = res[BODY]
  if (typeof chunk === 'string') {
    if (chunk.length === 0) return
    if (typeof encoding !== 'string' || encoding === 'utf8' || encoding === 'utf-8') body.chunks.push(chunk)
    else {
      body.chunks.push(Buffer.from(chunk, encoding as BufferEncoding))
      body.text = false
    }
  } else if (chunk instanceof Uint8Array && chunk.byteLength > 0) {
    body.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    body.text = false
  }
}

function write(this: Response, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
  capture(this, chunk, encoding)
  return (Object.getPrototypeOf(this).write as Function).call(this, chunk, encoding, callback)
}

function end(this: Response, chunk?: unknown, encoding?: unknown, callback?: unknown): ServerResponse {
  capture(this, chunk, encoding)
  return (Object.getPrototypeOf(this).end as Function).call(this, chunk, encoding, callback)
}

function writeHead(this: Response, ...args: unknown[]): ServerResponse {
  if (typeof args[1] === 'object' || typeof args[2] === 'object') this[HEAD_IN_WRITEHEAD] = true
  return (Object.getPrototypeOf(this).writeHead as Function).apply(this, args)
}

/** A real `ServerResponse` on the bridge socket, with its body captured as the app writes it. */
export function createServerResponse(
  ServerResponseClass: typeof ServerResponse,
  req: IncomingMessage,
  socket: BridgeSocket,
): ServerResponse {
  const res = new ServerResponseClass(req) as Response
  if (outHeadersKey === undefined) outHeadersKey = findOutHeadersKey(res)
  // Nothing reads Node's framing: skip building it.
  res.useChunkedEncodingByDefault = false
  res[BODY] = { chunks: [], text: true }
  const own = res as unknown as Record<'write' | 'end' | 'writeHead', Function>
  own.write = write
  own.end = end
  own.writeHead = writeHead
  res.assignSocket(socket as never)
  return res
}

function headersFromStore(store: OutHeaders | null, headers: HttpHeaders, cookies: string[]): void {
  if (store === null) return
  for (const name in store) {
    if (isHopByHop(name)) continue
    const value = store[name]![1]
    if (typeof value === 'string') {
      if (name === 'set-cookie') cookies.push(value)
      else headers[name] = value
    } else if (typeof value === 'number') headers[name] = String(value)
    else if (name === 'set-cookie') for (const v of value) cookies.push(String(v))
    else for (const v of value) appendHeader(headers, name, String(v))
  }
}

function capturedBody(body: Captured): string | Buffer | undefined {
  const chunks = body.chunks
  if (chunks.length === 0) return undefined
  if (body.text) return chunks.length === 1 ? (chunks[0] as string) : chunks.join('')
  const buffers = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))
  return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers)
}

/** Reads what the app wrote into a normalized result: status, headers, every Set-Cookie, the body. */
export function collectResponse(res: ServerResponse, method: string, isBinary: BinaryPredicate | undefined): NormalizedResult {
  const r = res as Response
  let headers: HttpHeaders
  let cookies: string[]
  if (outHeadersKey && !r[HEAD_IN_WRITEHEAD]) {
    headers = createHeaders()
    cookies = []
    headersFromStore((res as unknown as Record<symbol, OutHeaders | null>)[outHeadersKey] ?? null, headers, cookies)
  } else {
    ;({ headers, cookies } = parseHead(r._header ?? ''))
  }
  return finishResult(res.statusCode, headers, cookies, capturedBody(r[BODY]), method, isBinary)
}
