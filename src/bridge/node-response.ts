import type * as Http from 'node:http'
import type { ServerResponse } from 'node:http'
import { appendHeader, createHeaders, finishResult, isHopByHop, type BinaryPredicate, type HttpHeaders, type NormalizedResult } from '../model/index.js'
import type { BridgeSocket, GivenHeaders } from './socket.js'

// Node serializes a response head (`HTTP/1.1 200 OK\r\nName: value...`) that nobody reads here, and frames
// the body for the wire. Instead, the response's `_storeHeader` (the one method every way of sending a head
// goes through: setHeader + implicit head, writeHead with an object or a raw array) is replaced by an own
// property that records what the head would carry and marks it sent. Node then hands the socket the body
// bytes unframed, and the socket keeps them. The own property survives Express swapping the response's
// prototype.

type OutHeaders = Record<string, [string, string | number | readonly string[]]>

interface ResponseInternals {
  _header?: string | null
  _headerSent?: boolean
  chunkedEncoding?: boolean
  _storeHeader?: (statusLine: string, headers: unknown) => void
}

type Response = ServerResponse & ResponseInternals
type Validators = Pick<typeof Http, 'validateHeaderName' | 'validateHeaderValue'>

let outHeadersKey: symbol | null | undefined
let needDrainKey: symbol | null = null
let validators: Validators

// Node keeps the headers set through setHeader/appendHeader under a private symbol, lower-cased names
// mapping to [name, value]; reading them there saves a copy. When it is not found (a Node version that
// renamed it), the public getHeaders() serves instead.
function findKey(res: ServerResponse, name: string): symbol | null {
  return Object.getOwnPropertySymbols(res).find((s) => s.description === name) ?? null
}

/**
 * What Node's HTTP server does when its socket drains: a response whose `write()` returned false is marked as
 * no longer waiting (its private `kNeedDrain` flag, which `writableNeedDrain` reads) and gets `drain`, so
 * `pipe()`, `pipeline()` and apps that wait for it carry on.
 */
export function notifyDrain(response: object): void {
  const res = response as ServerResponse & Record<symbol, unknown>
  if (needDrainKey !== null) {
    if (res[needDrainKey] !== true || res.writableEnded) return
    res[needDrainKey] = false
  }
  res.emit('drain')
}

/** Whether `_storeHeader` was handed Node's own header store (setHeader was used) or writeHead's argument. */
function isStore(res: Response, headers: unknown): boolean {
  return outHeadersKey ? headers === (res as unknown as Record<symbol, unknown>)[outHeadersKey] : res.getHeaderNames().length > 0
}

function storeHeader(this: Response, statusLine: string, headers: unknown): void {
  if (headers !== null && headers !== undefined && !isStore(this, headers)) {
    validateGiven(headers as GivenHeaders)
    ;(this.socket as unknown as BridgeSocket).givenHeaders = headers as GivenHeaders
  }
  const socket = this.socket as unknown as BridgeSocket
  socket.headStatus = this.statusCode
  // Never chunk-frame: the socket receives the body as the app wrote it.
  this.chunkedEncoding = false
  // A head is "sent" (headersSent is true) and nothing of it is written to the socket.
  this._header = statusLine
  this._headerSent = true
  socket.exchange?.headSent()
}

/** Headers handed to writeHead directly are checked as Node would when serializing them. */
function validateGiven(headers: GivenHeaders): void {
  forEachGiven(headers, (name, value) => {
    validators.validateHeaderName(name)
    validators.validateHeaderValue(name, value as string)
  })
}

function forEachGiven(headers: GivenHeaders, each: (name: string, value: unknown) => void): void {
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) for (const entry of headers as unknown[][]) each(String(entry[0]), entry[1])
    else for (let i = 0; i + 1 < headers.length; i += 2) each(String(headers[i]), headers[i + 1])
  } else {
    for (const name in headers) if (Object.hasOwn(headers, name)) each(name, (headers as Record<string, unknown>)[name])
  }
}

/** A real `ServerResponse` on the bridge socket; the socket collects its body. */
export function createServerResponse(http: typeof Http, req: Http.IncomingMessage, socket: BridgeSocket): ServerResponse {
  const res = new http.ServerResponse(req) as Response
  if (outHeadersKey === undefined) {
    outHeadersKey = findKey(res, 'kOutHeaders')
    needDrainKey = findKey(res, 'kNeedDrain')
    validators = http
  }
  res._storeHeader = storeHeader
  res.useChunkedEncodingByDefault = false
  res.assignSocket(socket as never)
  return res
}

function addHeader(headers: HttpHeaders, cookies: string[], name: string, value: unknown): void {
  if (isHopByHop(name)) return
  if (Array.isArray(value)) {
    for (const v of value) addHeader(headers, cookies, name, v)
  } else if (name === 'set-cookie') cookies.push(String(value))
  else appendHeader(headers, name, String(value))
}

function headersFromStore(store: OutHeaders | null, headers: HttpHeaders, cookies: string[]): void {
  if (store === null) return
  // Node's store has no prototype (a dictionary object): Object.keys walks it faster than for-in.
  const names = Object.keys(store)
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    const value = store[name]![1]
    if (typeof value === 'string' && name !== 'set-cookie' && !isHopByHop(name)) headers[name] = value
    else addHeader(headers, cookies, name, value)
  }
}

/** The headers and Set-Cookie values the response carries (or, before its head is sent, would carry). */
export function responseHeaders(res: ServerResponse, socket: BridgeSocket): { headers: HttpHeaders; cookies: string[] } {
  const headers = createHeaders()
  const cookies: string[] = []
  const given = socket.givenHeaders
  if (given !== undefined) forEachGiven(given, (name, value) => addHeader(headers, cookies, name.toLowerCase(), value))
  else if (outHeadersKey) headersFromStore((res as unknown as Record<symbol, OutHeaders | null>)[outHeadersKey] ?? null, headers, cookies)
  else {
    const all = res.getHeaders()
    for (const name in all) addHeader(headers, cookies, name, all[name])
  }
  return { headers, cookies }
}

/** Reads what the app answered into a normalized result: status, headers, every Set-Cookie, the body. */
export function collectResponse(res: ServerResponse, socket: BridgeSocket, method: string, isBinary: BinaryPredicate | undefined): NormalizedResult {
  const { headers, cookies } = responseHeaders(res, socket)
  // The status that went out with the head; a later `res.statusCode = ...` no longer reaches the client.
  return finishResult(socket.headStatus ?? res.statusCode, headers, cookies, socket.takeBody(), method, isBinary)
}
