import type { BodyWriter, PlatformStream } from '../model/index.js'
import { ReaderGoneError } from './body-source.js'

/** What a writer does at its two endings. */
export interface WriterEndings {
  /** The body ended and the stream has finished; the writer's `end()` resolves after this. */
  ended(): void
  /** The answer failed (the app, the source, the reader gone, the deadline): what the writer's `fail()` returns. */
  failed(error: unknown): Promise<void>
}

/**
 * A `BodyWriter` over a Node-style writable (a platform's response stream, a real `ServerResponse`): writes pass its backpressure on, a `close` before it finished (a
 * reader that went away) or an `error` closes the writer, and each ending happens once.
 */
export class StreamBodyWriter implements BodyWriter<Promise<void>> {
  readonly #stream: PlatformStream
  readonly #endings: WriterEndings
  #closed = false
  #drainListeners: Array<() => void> = []
  #closeListeners: Array<() => void> = []
  #outcome: Promise<void> | undefined = undefined

  constructor(stream: PlatformStream, endings: WriterEndings) {
    this.#stream = stream
    this.#endings = endings
    stream.on('drain', () => this.#drained())
    stream.on('close', () => {
      if (stream.writableFinished !== true) this.#close()
    })
    // A stream that errors must have a listener, or the error would take the process down.
    stream.on('error', () => this.#close())
  }

  get closed(): boolean {
    return this.#closed
  }

  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.#closed || this.#outcome !== undefined) {
      if (callback) process.nextTick(callback)
      return false
    }
    return this.#stream.write(chunk, callback)
  }

  onDrain(listener: () => void): void {
    if (this.#closed) process.nextTick(listener)
    else this.#drainListeners.push(listener)
  }

  onClose(listener: () => void): void {
    if (this.#closed) process.nextTick(listener)
    else this.#closeListeners.push(listener)
  }

  end(): Promise<void> {
    if (this.#outcome !== undefined) return this.#outcome
    if (this.#closed) return this.fail(new ReaderGoneError())
    const outcome = new Promise<void>((resolve, reject) => {
      this.#closeListeners.push(() => reject(new ReaderGoneError()))
      this.#stream.end(() => resolve())
    }).then(
      () => this.#endings.ended(),
      (error: unknown) => this.#endings.failed(error),
    )
    this.#outcome = outcome
    return outcome
  }

  fail(error: unknown): Promise<void> {
    if (this.#outcome !== undefined) return this.#outcome
    this.#outcome = this.#endings.failed(error)
    this.#close()
    return this.#outcome
  }

  #drained(): void {
    const listeners = this.#drainListeners
    if (listeners.length === 0) return
    this.#drainListeners = []
    for (const listener of listeners) listener()
  }

  #close(): void {
    if (this.#closed) return
    this.#closed = true
    const listeners = [...this.#closeListeners, ...this.#drainListeners]
    this.#closeListeners = []
    this.#drainListeners = []
    for (const listener of listeners) listener()
  }
}

/**
 * A writer whose reader is already gone: what an answer that was given without it (the deadline's 504) hands to
 * code that starts its own answer late, so that code is told at once to stop (`closed`, and `onClose`/`onDrain`
 * called) and drops what it writes. Its endings return `outcome`.
 */
export function closedWriter<T>(outcome: T): BodyWriter<T> {
  const soon = (listener: () => void) => void process.nextTick(listener)
  return { closed: true, write: () => false, onDrain: soon, onClose: soon, end: () => outcome, fail: () => outcome }
}
