import { Writable } from 'node:stream'
import type { ResponseStreamRecorder, StreamedChunk, StreamedResponse } from '../../src/model/index.js'
import { DELIMITER, PRELUDE_TYPE } from './streaming.js'

/**
 * A response stream as the Lambda runtime hands it to a streaming handler: a Node writable with
 * `setContentType` (refused after the first write, as the runtime does). It records every write with its time,
 * reads the HTTP prelude off the front, and tells listeners as it goes (`prelude`, `chunk`): the local gateway
 * forwards a streamed answer live from them. A reader slower than the writer is simulated (one chunk per turn
 * of the event loop, `highWaterMark` bytes of buffer), so backpressure is real.
 */
export class RecordingResponseStream extends Writable implements ResponseStreamRecorder {
  #contentType = 'application/octet-stream'
  #written = false
  #head: Buffer[] | undefined = undefined
  #prelude: Record<string, unknown> | undefined = undefined
  #preludeError: Error | undefined = undefined
  #preludeBytes = 0
  readonly #chunks: StreamedChunk[] = []
  readonly #startedAt: number
  #held: Promise<void> | undefined = undefined

  constructor(options: { highWaterMark?: number; startedAt?: number } = {}) {
    super({ highWaterMark: options.highWaterMark ?? 16 * 1024, decodeStrings: true })
    this.#startedAt = options.startedAt ?? performance.now()
  }

  /** Sets the stream's content type; the runtime refuses it once data was written. */
  setContentType(type: string): void {
    if (this.#written) throw new Error('Cannot set content-type, too late.')
    this.#contentType = type
    if (type === PRELUDE_TYPE) this.#head = []
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    this.#written = true
    return super.write(chunk as never, encoding as never, callback as never)
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const at = performance.now() - this.#startedAt
    if (this.#head !== undefined) this.#readHead(chunk, at)
    else this.#body(chunk, at)
    const held = this.#held
    this.#held = undefined
    if (held === undefined) setImmediate(callback)
    else held.then(() => callback(), () => callback())
  }

  /** Holds the next write back until `until` settles: a live reader passing on its own backpressure. */
  hold(until: Promise<void>): void {
    this.#held = until
  }

  #readHead(chunk: Buffer, at: number): void {
    const head = this.#head!
    head.push(chunk)
    const bytes = Buffer.concat(head)
    const end = bytes.indexOf(DELIMITER)
    if (end === -1) return
    this.#head = undefined
    let prelude: unknown
    try {
      prelude = JSON.parse(bytes.subarray(0, end).toString('utf8'))
    } catch (error) {
      this.#preludeError = new Error(`the prelude is not valid JSON: ${(error as Error).message}`)
      return
    }
    if (typeof prelude !== 'object' || prelude === null || Array.isArray(prelude)) {
      this.#preludeError = new Error(`the prelude is JSON but not an object: ${JSON.stringify(prelude).slice(0, 100)}`)
      return
    }
    this.#prelude = prelude as Record<string, unknown>
    this.#preludeBytes = end
    this.emit('prelude', this.#prelude)
    const rest = bytes.subarray(end + DELIMITER.length)
    if (rest.length > 0) this.#body(rest, at)
  }

  #body(data: Buffer, at: number): void {
    if (data.length === 0) return
    this.#chunks.push({ atMs: at, data })
    this.emit('chunk', data)
  }

  /** What was written so far, as the caller receives it. Throws when an HTTP answer's prelude is malformed. */
  response(): StreamedResponse {
    if (this.#preludeError) throw this.#preludeError
    if (this.#contentType === PRELUDE_TYPE && this.#prelude === undefined) throw new Error('the stream ended before its prelude was complete')
    return {
      streamed: true,
      contentType: this.#contentType,
      prelude: this.#prelude,
      preludeBytes: this.#preludeBytes,
      body: Buffer.concat(this.#chunks.map((c) => c.data)),
      chunks: this.#chunks.slice(),
    }
  }
}
