import { EventEmitter } from 'node:events'

type WriteCallback = (error?: Error | null) => void

const WRITABLE_STATE = { corked: 0 }

/**
 * The socket under an in-memory request/response pair. The response body is captured where the app writes it
 * (see node-response.ts), so what Node serializes onto this socket (head, framing, informational responses) is
 * acknowledged and dropped. Frameworks read a few fields (`remoteAddress`, `encrypted`, `writable`) and listen
 * for `close`/`error`, which it offers like a real socket.
 */
export class BridgeSocket extends EventEmitter {
  /** Called once when the socket is destroyed (the app gave up on the response). */
  onDestroy: (() => void) | undefined = undefined
  readonly remoteAddress: string | undefined
  readonly encrypted: boolean
  // Readable, or on-finished (Express, body-parser) takes the request for already consumed.
  readable = true
  writable = true
  destroyed = false
  _httpMessage: unknown = null

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

  write(_data: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') callback = encoding
    if (callback) process.nextTick(callback)
    return true
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
    this.onDestroy?.()
    process.nextTick(() => {
      if (error) this.emit('error', error)
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
