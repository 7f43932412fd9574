import { EventEmitter } from 'node:events'

type WriteCallback = (error?: Error | null) => void

/**
 * The socket under an in-memory request/response pair. Node's `ServerResponse` writes the serialized head and
 * body here; `chunks` keeps what it wrote. Frameworks only read a few fields (`remoteAddress`, `encrypted`,
 * `writable`) and listen for `close`/`error`, which it offers like a real socket.
 */
export class BridgeSocket extends EventEmitter {
  readonly chunks: Buffer[] = []
  /** Characters of the serialized head still to skip at the start of the written stream. */
  headPending = -1
  readonly remoteAddress: string | undefined
  readonly remotePort = 0
  readonly remoteFamily: string | undefined
  readonly localAddress = '127.0.0.1'
  readonly localPort = 443
  readonly encrypted: boolean
  // Readable, or on-finished (Express, body-parser) takes the request for already consumed.
  readable = true
  writable = true
  destroyed = false
  readonly readableHighWaterMark = 16384
  readonly writableLength = 0
  readonly _writableState = { corked: 0 }
  bytesWritten = 0
  _httpMessage: { _header?: string | null } | null = null

  constructor(remoteAddress: string | undefined, encrypted: boolean) {
    super()
    this.remoteAddress = remoteAddress
    this.remoteFamily = remoteAddress === undefined ? undefined : remoteAddress.includes(':') ? 'IPv6' : 'IPv4'
    this.encrypted = encrypted
  }

  write(data: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') {
      callback = encoding
      encoding = undefined
    }
    if (typeof data === 'string') {
      if (this.headPending === -1) this.headPending = this._httpMessage?._header?.length ?? 0
      if (this.headPending > 0) {
        // The head is always a string, alone or in front of the first string chunk.
        const skip = Math.min(this.headPending, data.length)
        this.headPending -= skip
        data = skip === data.length ? '' : data.slice(skip)
      }
      if (data.length > 0) this.chunks.push(Buffer.from(data, encoding ?? 'utf8'))
    } else if (data.byteLength > 0) {
      this.chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    }
    this.bytesWritten += typeof data === 'string' ? data.length : data.byteLength
    if (callback) process.nextTick(callback)
    return true
  }

  end(data?: string | Uint8Array | (() => void), encoding?: BufferEncoding | (() => void), callback?: () => void): this {
    if (typeof data === 'function') callback = data
    else if (data !== undefined) this.write(data, encoding as BufferEncoding)
    if (typeof encoding === 'function') callback = encoding
    this.writable = false
    if (callback) process.nextTick(callback)
    return this
  }

  destroy(error?: Error): this {
    if (this.destroyed) return this
    this.destroyed = true
    this.writable = false
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
    return { address: this.localAddress, family: 'IPv4', port: this.localPort }
  }
}
