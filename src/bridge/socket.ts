import { EventEmitter } from 'node:events'

type WriteCallback = (error?: Error | null) => void

/**
 * The socket under an in-memory request/response pair. Node's `ServerResponse` writes the serialized head and
 * body here; the body is kept (strings stay strings until the end, saving a copy for text responses).
 * Frameworks only read a few fields (`remoteAddress`, `encrypted`, `writable`) and listen for `close`/`error`,
 * which it offers like a real socket.
 */
export class BridgeSocket extends EventEmitter {
  /** Body chunks in order; strings were written with `utf8`/`latin1` as `encodings` says. */
  readonly chunks: Array<string | Buffer> = []
  /** Whether every chunk is a UTF-8 string, so the body can stay a string. */
  utf8Only = true
  /** Characters of the serialized head still to skip at the start of the written stream (-1: not seen yet). */
  headPending = -1
  /** Called once when the socket is destroyed (the app gave up on the response). */
  onDestroy: (() => void) | undefined = undefined
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
      this.bytesWritten += data.length
      if (this.headPending !== 0) data = this.skipHead(data)
      if (data.length > 0) {
        if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') this.chunks.push(data)
        else {
          this.chunks.push(Buffer.from(data, encoding))
          this.utf8Only = false
        }
      }
    } else if (data.byteLength > 0) {
      this.bytesWritten += data.byteLength
      this.chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
      this.utf8Only = false
    }
    if (callback) process.nextTick(callback)
    return true
  }

  // The head is always a string, alone or in front of the first string chunk. Anything written before the
  // response has a head is an informational response (100 Continue, 103 Early Hints): gateways cannot carry it.
  private skipHead(data: string): string {
    if (this.headPending === -1) {
      const head = this._httpMessage?._header
      if (!head) return ''
      this.headPending = head.length
    }
    const skip = Math.min(this.headPending, data.length)
    this.headPending -= skip
    return skip === 0 ? data : data.slice(skip)
  }

  /** The collected body: a string when it was written as UTF-8 text, bytes otherwise, undefined when empty. */
  body(): string | Buffer | undefined {
    const chunks = this.chunks
    if (chunks.length === 0) return undefined
    if (this.utf8Only) return chunks.length === 1 ? (chunks[0] as string) : chunks.join('')
    const buffers = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))
    return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers)
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
    return { address: this.localAddress, family: 'IPv4', port: this.localPort }
  }
}
