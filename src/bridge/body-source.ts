import { describeValue, finishResult, hasNoBody, type BinaryPredicate, type BodyWriter, type Completion, type ResponseHead } from '../model/index.js'

// A body that is produced over time: a WHATWG ReadableStream, a Node Readable, a Blob, or any async iterable of
// strings or bytes. Streamed, it is written chunk by chunk with the writer's backpressure; buffered, it is read
// to its end first. Both endings start here, so the rules are the same.

/** A body that arrives over time. */
export type BodySource = ReadableStream<unknown> | AsyncIterable<unknown> | Blob | NodeJS.ReadableStream

interface ChunkReader {
  next(): Promise<IteratorResult<unknown>>
  /** Stops the source: the reader went away or the answer failed. Never throws. */
  cancel(): void
}

type WebStreamLike = { getReader(): ReadableStreamDefaultReader<unknown> }
type BlobLike = { stream(): WebStreamLike; arrayBuffer(): Promise<ArrayBuffer>; size: number; type: string }
type NodeReadableLike = {
  pipe: Function
  on(event: string, listener: (...args: any[]) => void): unknown
  off(event: string, listener: (...args: any[]) => void): unknown
  pause(): unknown
  resume(): unknown
  destroy(error?: Error): unknown
  readonly readableEnded?: boolean
  [Symbol.asyncIterator](): AsyncIterator<unknown>
}

function isWebStream(value: object): value is WebStreamLike {
  return typeof (value as WebStreamLike).getReader === 'function'
}

function isBlob(value: object): value is BlobLike {
  const b = value as BlobLike
  return typeof b.stream === 'function' && typeof b.arrayBuffer === 'function' && typeof b.size === 'number'
}

function isNodeReadable(value: object): value is NodeReadableLike {
  const r = value as NodeReadableLike
  return typeof r.pipe === 'function' && typeof r.on === 'function' && typeof r.off === 'function' && typeof r.pause === 'function' && typeof r.destroy === 'function' && typeof r[Symbol.asyncIterator] === 'function'
}

/** True for a body faasport reads over time: a ReadableStream, a Node Readable, a Blob or an async iterable. */
export function isBodySource(value: unknown): value is BodySource {
  if (typeof value !== 'object' || value === null) return false
  return isWebStream(value) || isBlob(value) || typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
}

/** The content type a source says it has: a Blob's own `type`; undefined for the others. */
export function sourceType(source: BodySource): string | undefined {
  return isBlob(source) && source.type !== '' ? source.type : undefined
}

const noop = () => {}

function readerOf(source: BodySource): ChunkReader {
  if (isWebStream(source) || isBlob(source)) {
    const reader = (isWebStream(source) ? source : source.stream()).getReader()
    return { next: () => reader.read() as Promise<IteratorResult<unknown>>, cancel: () => void reader.cancel().catch(noop) }
  }
  if (isNodeReadable(source)) {
    const iterator = source[Symbol.asyncIterator]()
    return { next: () => iterator.next(), cancel: () => void source.destroy() }
  }
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
  return {
    next: () => iterator.next(),
    cancel: () => {
      try {
        void Promise.resolve(iterator.return?.()).catch(noop)
      } catch {
        // A generator already running cannot be returned from; it ends with its next value.
      }
    },
  }
}

/** One chunk as bytes or text; anything else is a `TypeError` naming what it was. */
function chunkOf(value: unknown): string | Uint8Array {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value
  // Plain Uint8Arrays: platforms treat other views (a Uint8Array subclass included) as values to serialize.
  if (value instanceof Uint8Array && value.constructor === Uint8Array) return value
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  throw new TypeError(`faasport: a body stream's chunks must be strings or bytes, got ${describeValue(value)}`)
}

/**
 * Reads a source to its end: a string when every chunk was text, bytes otherwise, undefined when it gave
 * nothing. Rejects with the source's own error, or a `TypeError` for a chunk that is neither text nor bytes.
 */
async function collectFrom(reader: ChunkReader): Promise<string | Buffer | undefined> {
  const parts: Array<string | Uint8Array> = []
  let text = true
  try {
    for (;;) {
      const { value, done } = await reader.next()
      if (done) break
      const chunk = chunkOf(value)
      if (chunk.length === 0) continue
      if (typeof chunk !== 'string') text = false
      parts.push(chunk)
    }
  } catch (error) {
    reader.cancel()
    throw error
  }
  if (parts.length === 0) return undefined
  if (text) return (parts as string[]).join('')
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))
}

/** The reader went away before the body ended. */
export class ReaderGoneError extends Error {
  constructor() {
    super('the client went away before the streamed answer ended')
    this.name = 'ReaderGoneError'
  }
}

/** A source made ready to read: written into a writer as it comes, or read to its end. */
interface ReadySource {
  pipe<T>(writer: BodyWriter<T>): Promise<T>
  collect(): Promise<string | Buffer | undefined>
}

/**
 * Readies a source before its answer's head goes out, so one that cannot be read at all (a locked or already-read
 * stream, a destroyed Readable) throws and gets the usual error answer rather than a head and a failure.
 *
 * Piped, it is written chunk by chunk, waiting whenever the writer is full, and ended; a source that fails (or
 * gives a chunk that is neither text nor bytes) fails the writer, and when the reader goes away the source is
 * stopped (a stream cancelled, an iterator returned) so it stops producing. The piping is written with callbacks,
 * not `await`: while AsyncLocalStorage is active (every invocation), each promise costs an async-hooks call, and
 * a large body has tens of thousands of chunks. A Node Readable is read from its events and needs no promise
 * at all; other sources one per chunk, the read itself.
 */
function readySource(source: BodySource): ReadySource {
  if (isNodeReadable(source)) {
    const state = source as { destroyed?: boolean }
    if (state.destroyed === true && source.readableEnded !== true) throw new Error('the body stream was destroyed before it was read')
    return { pipe: (writer) => pipeReadable(source, writer), collect: () => collectFrom(readerOf(source)) }
  }
  const reader = readerOf(source)
  return { pipe: (writer) => pipeReader(reader, writer), collect: () => collectFrom(reader) }
}

/** One body being written: ends its writer once, cleanly or as a failure, and stops the source when it fails. */
class Pipe<T> {
  settled = false
  constructor(
    readonly writer: BodyWriter<T>,
    readonly stop: () => void,
    readonly resolve: (value: T) => void,
  ) {}

  end(): void {
    this.#settle(() => this.writer.end())
  }

  fail(error: unknown): void {
    this.stop()
    this.#settle(() => this.writer.fail(this.writer.closed ? new ReaderGoneError() : error))
  }

  /** Writes one value of the source: true to go on, false when the writer is full (or the pipe failed on it). */
  write(value: unknown): boolean {
    let chunk: string | Uint8Array
    try {
      chunk = chunkOf(value)
    } catch (error) {
      this.fail(error)
      return false
    }
    return chunk.length === 0 || this.writer.write(chunk)
  }

  #settle(answer: () => T): void {
    if (this.settled) return
    this.settled = true
    try {
      this.resolve(answer())
    } catch (error) {
      this.resolve(this.writer.fail(error))
    }
  }
}

function pipeReader<T>(reader: ChunkReader, writer: BodyWriter<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    const pipe = new Pipe(writer, reader.cancel, resolve)
    const failed = (error: unknown) => pipe.fail(error)
    const read = () => {
      if (writer.closed) return pipe.fail(new ReaderGoneError())
      let next: Promise<IteratorResult<unknown>>
      try {
        next = reader.next()
      } catch (error) {
        // An iterator whose next() throws instead of rejecting.
        return pipe.fail(error)
      }
      next.then(took, failed)
    }
    const took = (result: IteratorResult<unknown>) => {
      if (pipe.settled) return
      if (writer.closed) return pipe.fail(new ReaderGoneError())
      if (result.done) return pipe.end()
      if (pipe.write(result.value)) read()
      else if (!pipe.settled) writer.onDrain(read)
    }
    writer.onClose(reader.cancel)
    read()
  })
}

function pipeReadable<T>(source: NodeReadableLike, writer: BodyWriter<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    const pipe = new Pipe(writer, () => void source.destroy(), (value: T) => {
      source.off('data', onData)
      resolve(value)
    })
    const resume = () => {
      if (writer.closed) pipe.fail(new ReaderGoneError())
      else if (!pipe.settled) source.resume()
    }
    function onData(value: unknown) {
      if (pipe.write(value) || pipe.settled) return
      source.pause()
      writer.onDrain(resume)
    }
    source.on('error', (error: unknown) => pipe.fail(error))
    source.on('end', () => pipe.end())
    source.on('close', () => {
      // Closed without an end or an error of its own: the body was cut short.
      if (!source.readableEnded) pipe.fail(new Error('the body stream was destroyed before it ended'))
    })
    writer.onClose(() => pipe.fail(new ReaderGoneError()))
    if (source.readableEnded) return pipe.end()
    source.on('data', onData)
    // A stream its producer paused does not start flowing with a data listener alone.
    source.resume()
  })
}

/** Stops a source that will not be read (a HEAD request, a 204); one that cannot even be stopped is left alone. */
function discardBody(source: BodySource): void {
  try {
    readerOf(source).cancel()
  } catch {
    // A locked stream belongs to whoever holds its reader.
  }
}

/**
 * Answers with `head` and a body that arrives over time: streamed into the platform when it takes bodies as they
 * come, else read to its end and completed as a whole answer (base64 decided as for any body). The body of a
 * HEAD request or a 1xx/204/304 answer is not read at all.
 */
export function answerWithSource<T>(
  head: ResponseHead,
  source: BodySource,
  method: string,
  isBinary: BinaryPredicate | undefined,
  done: Completion<T>,
  forcedBase64?: boolean,
): T | Promise<T> {
  if (hasNoBody(method, head.statusCode)) {
    discardBody(source)
    return done.complete(finishResult(head.statusCode, head.headers, head.cookies, undefined, method, isBinary))
  }
  const ready = readySource(source)
  if (done.open) return ready.pipe(done.open(head))
  return ready.collect().then(
    (body) => done.complete(finishResult(head.statusCode, head.headers, head.cookies, body, method, isBinary, forcedBase64)),
    (error: unknown) => done.fail(error),
  )
}
