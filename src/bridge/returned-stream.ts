import type { PlatformStream, StreamingPlatform } from '../model/index.js'

// For platforms that take a streamed answer as the entry's return value with a WHATWG ReadableStream in it (the
// adapter says how it is built): the entry returns as soon as the head is known, and the body flows through the
// stream as the app writes it, paced by the platform's reads.

/** How much a returned body holds before a write reports it full, as a Node writable's default high-water mark. */
const HIGH_WATER_MARK = 16 * 1024

/** A `PlatformStream` over a ReadableStream's controller: writes enqueue, a read of a drained queue is `drain`, a cancel is `close`. */
class ReturnedBody implements PlatformStream {
  readonly readable: ReadableStream<Uint8Array>
  writableFinished = false
  #controller!: ReadableStreamDefaultController<Uint8Array>
  #gone = false
  readonly #listeners: Record<string, Array<(...args: any[]) => void>> = { drain: [], close: [], error: [], finish: [] }

  constructor() {
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller
        },
        pull: () => this.#emit('drain'),
        cancel: () => {
          // The reader went away (the client disconnected): the writer closes, which stops the body's source.
          this.#gone = true
          this.#emit('close')
        },
      },
      { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk?.byteLength ?? 0 },
    )
  }

  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.#gone || this.writableFinished) {
      if (callback) process.nextTick(callback)
      return false
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    if (bytes.byteLength > 0) this.#controller.enqueue(bytes)
    if (callback) process.nextTick(callback)
    return (this.#controller.desiredSize ?? 0) > 0
  }

  end(callback?: () => void): void {
    if (!this.#gone && !this.writableFinished) this.#controller.close()
    this.writableFinished = true
    process.nextTick(() => {
      callback?.()
      this.#emit('finish')
      this.#emit('close')
    })
  }

  /** Ends the body as a failure: the reader's next read rejects, so the platform cuts the answer short. */
  fail(error: Error): void {
    if (this.#gone || this.writableFinished) return
    this.#gone = true
    this.#controller.error(error)
  }

  on(event: 'drain' | 'close' | 'error' | 'finish', listener: (...args: any[]) => void): this {
    this.#listeners[event]!.push(listener)
    return this
  }

  #emit(event: string): void {
    for (const listener of this.#listeners[event]!) listener()
  }
}

/**
 * One invocation's returned answer: `value` resolves, once the head is known, with what `build` makes of the trigger's
 * prelude and the ReadableStream the answer's body flows through.
 */
export class ReturnedAnswer {
  readonly value: Promise<unknown>
  readonly #build: (prelude: object, body: ReadableStream<Uint8Array>) => unknown
  #resolve!: (value: unknown) => void
  #body: ReturnedBody | undefined = undefined

  constructor(build: (prelude: object, body: ReadableStream<Uint8Array>) => unknown) {
    this.#build = build
    this.value = new Promise((resolve) => (this.#resolve = resolve))
  }

  /** Starts the body and hands the entry's return value over. */
  open(prelude: object | undefined): PlatformStream {
    const body = (this.#body = new ReturnedBody())
    this.#resolve(this.#build(prelude ?? {}, body.readable))
    return body
  }

  /** Ends a body whose head went out as a failure. */
  abort(): void {
    this.#body?.fail(new Error('faasport: the streamed answer failed after its head went out'))
  }
}

/** The platform side of a returned streamed answer, for the streaming completion. */
export const returnedStream: StreamingPlatform = {
  streamify: () => undefined,
  open: (answer, prelude) => (answer as ReturnedAnswer).open(prelude),
  abort: (answer) => (answer as ReturnedAnswer).abort(),
}
