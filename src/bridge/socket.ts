import { EventEmitter } from 'node:events'
import type { BodyWriter } from '../model/index.js'

type WriteCallback = (error?: Error | null) => void

/** What `writeHead` was handed directly (Node keeps such headers nowhere else). */
export type GivenHeaders = Record<string, unknown> | readonly unknown[]

/** The exchange on a socket: told when the head went out and when the socket is destroyed. */
export interface SocketExchange {
  /** The response head was marked sent (streaming exchanges open their answer here). */
  headSent(): void
  /** The socket was destroyed (the app gave up on the response, with `error` if it gave one, or its reader went away). */
  destroyed(error?: Error): void
}

/** Marks a response as no longer waiting for `drain` and tells it, as Node's server does on its socket's drain. */
export type DrainNotifier = (response: object) => void

const WRITABLE_STATE = { corked: 0 }

/**
 * The socket under an in-memory request/response pair. Node writes no head here (see node-response.ts), so
 * what arrives once the head is marked sent is the body exactly as the app wrote it: kept (a buffered answer)
 * or handed to the answer's `BodyWriter` as it comes (a streamed one), whose backpressure it passes back to
 * the app as a real socket would. Writes before the head (informational 1xx responses) are acknowledged and
 * dropped. Frameworks read a few fields (`remoteAddress`, `encrypted`, `writable`) and listen for
 * `close`/`error`, which it offers like a real socket.
 */
export class BridgeSocket extends EventEmitter {
  /** The exchange on this socket. */
  exchange: SocketExchange | undefined = undefined
  readonly remoteAddress: string | undefined
  readonly encrypted: boolean
  // Readable, or on-finished (Express, body-parser) takes the request for already consumed.
  readable = true
  writable = true
  destroyed = false
  _httpMessage: { _header?: string | null } | null = null
  /** Headers the app handed to `writeHead` directly, when it did. */
  givenHeaders: GivenHeaders | undefined = undefined
  /** The status the response head was sent with, once it was. */
  headStatus: number | undefined = undefined
  #chunks: Array<string | Buffer> = []
  /** Whether every chunk is a UTF-8 string, so the body can stay a string. */
  #text = true
  /** Where the body goes as it is written, for a streamed answer. */
  #writer: BodyWriter<unknown> | undefined = undefined
  #notifyDrain: DrainNotifier | undefined = undefined
  #waitingForDrain = false

  constructor(remoteAddress: string | undefined, encrypted: boolean) {
    super()
    this.remoteAddress = remoteAddress
    this.encrypted = encrypted
  }

  // Constant fields as getters: nothing to fill per request, and no top-level statement that would keep this
  // class in bundles that never serve an app.
  get remotePort(): number {
    return 0
  }
  get localAddress(): string {
    return '127.0.0.1'
  }
  get localPort(): number {
    return 443
  }
  get readableHighWaterMark(): number {
    return 16384
  }
  get writableLength(): number {
    return 0
  }
  get bytesWritten(): number {
    return 0
  }
  /** Node's OutgoingMessage.end() pokes `_writableState.corked`; nothing reads it back. */
  get _writableState(): { corked: number } {
    return WRITABLE_STATE
  }

  get remoteFamily(): string | undefined {
    const address = this.remoteAddress
    return address === undefined ? undefined : address.includes(':') ? 'IPv6' : 'IPv4'
  }

  /** From now on, the body goes to `writer` as it is written; `notifyDrain` passes the writer's drain to the response. */
  streamTo(writer: BodyWriter<unknown>, notifyDrain: DrainNotifier): void {
    this.#writer = writer
    this.#notifyDrain = notifyDrain
  }

  write(data: string | Uint8Array, encoding?: BufferEncoding | WriteCallback | null, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') {
      callback = encoding
      encoding = undefined
    }
    const writer = this.#writer
    if (writer !== undefined && this._httpMessage?._header) return this.#forward(writer, data, encoding ?? undefined, callback)
    if (this._httpMessage?._header) this.#keep(data, encoding ?? undefined)
    if (callback) process.nextTick(callback)
    return true
  }

  #forward(writer: BodyWriter<unknown>, data: string | Uint8Array, encoding: BufferEncoding | undefined, callback: WriteCallback | undefined): boolean {
    const chunk = typeof data === 'string' && encoding !== undefined && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(data, encoding) : data
    if (chunk.length === 0 || writer.closed) {
      if (callback) process.nextTick(callback)
      return !writer.closed
    }
    const more = writer.write(chunk, callback)
    if (!more && !this.#waitingForDrain) {
      this.#waitingForDrain = true
      writer.onDrain(() => this.#drained())
    }
    return more
  }

  #drained(): void {
    this.#waitingForDrain = false
    if (this.destroyed) return
    this.emit('drain')
    const response = this._httpMessage
    if (response !== null && this.#notifyDrain !== undefined) this.#notifyDrain(response)
  }

  #keep(data: string | Uint8Array, encoding: BufferEncoding | undefined): void {
    if (typeof data === 'string') {
      if (data.length === 0) return
      if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') this.#chunks.push(data)
      else {
        this.#chunks.push(Buffer.from(data, encoding))
        this.#text = false
      }
    } else if (data.byteLength > 0) {
      this.#chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
      this.#text = false
    }
  }

  /** The response body as written: a string when the app wrote only strings, bytes otherwise. */
  takeBody(): string | Buffer | undefined {
    const chunks = this.#chunks
    if (chunks.length === 0) return undefined
    if (this.#text) return chunks.length === 1 ? (chunks[0] as string) : chunks.join('')
    const buffers = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))
    return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers)
  }

  end(data?: string | Uint8Array | (() => void), encoding?: BufferEncoding | (() => void), callback?: () => void): this {
    if (typeof data === 'function') callback = data
    else if (typeof encoding === 'function') callback = encoding
    this.writable = false
    if (callback) process.nextTick(callback)
    return this
  }

  destroy(error?: Error): this {
    if (this.destroyed) return this
    this.destroyed = true
    this.writable = false
    this.exchange?.destroyed(error)
    process.nextTick(() => {
      // Only to a listener: Node's server always has one on its sockets, so an app's `res.destroy(error)` or a
      // failed `pipeline(source, res)` never takes the process down there; nor must it here.
      if (error && this.listenerCount('error') > 0) this.emit('error', error)
      this.emit('close', error !== undefined)
    })
    return this
  }

  destroySoon(): void {
    this.destroy()
  }
  cork(): void {}
  uncork(): void {}
  setTimeout(_ms: number, callback?: () => void): this {
    if (callback) this.once('timeout', callback)
    return this
  }
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
  setEncoding(): this {
    return this
  }
  pause(): this {
    return this
  }
  resume(): this {
    return this
  }
  ref(): this {
    return this
  }
  unref(): this {
    return this
  }
  address(): { address: string; family: string; port: number } {
    return { address: '127.0.0.1', family: 'IPv4', port: 443 }
  }
}
