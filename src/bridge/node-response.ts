import type { IncomingMessage, ServerResponse } from 'node:http'
import { appendHeader, createHeaders, type BinaryPredicate, type HttpHeaders, type NormalizedResult } from '../model/index.js'
import { isHopByHop, finishResult } from '../runtime/result.js'
import type { BridgeSocket } from './socket.js'
import { dechunk, parseHead } from './wire.js'

/** Set on a response whose head was given to `writeHead` directly: Node then keeps it only in the serialized head. */
const HEAD_IN_WRITEHEAD = Symbol('faasport.headInWriteHead')

interface ResponseInternals {
  _header?: string | null
  chunkedEncoding?: boolean
  [HEAD_IN_WRITEHEAD]?: boolean
}

type OutHeaders = Record<string, [string, string | number | readonly string[]]>
let outHeadersKey: symbol | null | undefined

// Node keeps the headers set through setHeader/appendHeader under a private symbol, lower-cased names
// mapping to [name, value]. Reading them there avoids re-parsing the serialized head; when the symbol is not
// found (another Node version), the head is parsed instead.
function findOutHeadersKey(res: ServerResponse): symbol | null {
  return Object.getOwnPropertySymbols(res).find((s) => s.description === 'kOutHeaders') ?? null
}

// Installed as an own property, so it survives Express swapping the response's prototype; it defers to
// whatever writeHead the prototype chain has.
function writeHead(this: ServerResponse & ResponseInternals, ...args: unknown[]): ServerResponse {
  if (typeof args[1] === 'object' || typeof args[2] === 'object') this[HEAD_IN_WRITEHEAD] = true
  const inherited = Object.getPrototypeOf(this).writeHead as (...a: unknown[]) => ServerResponse
  return inherited.apply(this, args)
}

/** A real `ServerResponse` writing into the bridge socket, without default chunked framing. */
export function createServerResponse(
  ServerResponseClass: typeof ServerResponse,
  req: IncomingMessage,
  socket: BridgeSocket,
): ServerResponse {
  const res = new ServerResponseClass(req)
  if (outHeadersKey === undefined) outHeadersKey = findOutHeadersKey(res)
  // Bodies are collected whole; chunked framing would only have to be removed again.
  res.useChunkedEncodingByDefault = false
  res.writeHead = writeHead as ServerResponse['writeHead']
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

/** Reads what the app wrote into a normalized result: status, headers, every Set-Cookie, the body. */
export function collectResponse(res: ServerResponse, socket: BridgeSocket, method: string, isBinary: BinaryPredicate | undefined): NormalizedResult {
  const internals = res as unknown as ResponseInternals
  let headers: HttpHeaders
  let cookies: string[]
  if (outHeadersKey && !internals[HEAD_IN_WRITEHEAD]) {
    headers = createHeaders()
    cookies = []
    headersFromStore((res as unknown as Record<symbol, OutHeaders | null>)[outHeadersKey] ?? null, headers, cookies)
  } else {
    ;({ headers, cookies } = parseHead(internals._header ?? ''))
  }
  let body = socket.body()
  // Only an app that sets Transfer-Encoding: chunked itself gets framed output.
  if (body !== undefined && internals.chunkedEncoding) body = dechunk(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
  return finishResult(res.statusCode, headers, cookies, body, method, isBinary)
}
