import type { HttpHeaders } from './headers.js'
import type { NormalizedResult } from './http-result.js'

// An answer is a head (status, headers, every cookie) and a body. A buffered platform takes it whole
// (`Completion.complete`); a streaming one takes the head first and then the body as it is produced
// (`Completion.open`). Runners (a handler, a Node app, a fetch app) hand their answer to a `Completion` and
// never need to know which of the two the platform is.

/** The first part of an answer: what a streaming platform sends before the body. */
export interface ResponseHead {
  statusCode: number
  /** Lower-case names, no `set-cookie` (see `cookies`) and no hop-by-hop headers. */
  headers: HttpHeaders
  /** Every `Set-Cookie` value, each its own header. */
  cookies: string[]
}

/** Where a streamed body goes once the head is out: a platform response stream, a real socket, a test recorder. */
export interface BodyWriter<T> {
  /**
   * Writes one chunk. Returns false when the reader is full: wait for `onDrain` before writing more (writing
   * on is allowed, but buffers). `callback` runs once the chunk has been handed on.
   */
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean
  /** Calls `listener` once, when the reader can take more after a `write` returned false, or has gone away. */
  onDrain(listener: () => void): void
  /** Calls `listener` once if the reader goes away before the body has ended (a client that disconnected). */
  onClose(listener: () => void): void
  /** True once the reader has gone away: whatever is still written is dropped. */
  readonly closed: boolean
  /** Ends the body; returns what the invocation then returns. */
  end(): T
  /**
   * Ends the answer as a failure, after its head went out: never as a clean end of a cut-short body (a
   * function error on Lambda, a cut connection on a socket). Logs once.
   */
  fail(error: unknown): T
}

/**
 * Where a runner's answer goes. Runners call it themselves, at the point their answer is ready, instead of
 * returning a result for the caller to chain on: each extra promise hop costs an async-hooks round trip on every
 * invocation while AsyncLocalStorage is active.
 */
export interface Completion<T> {
  /** A whole answer, body included. */
  complete(result: NormalizedResult): T
  /** The user's code failed before answering (after the head went out, the writer's `fail` is the way). */
  fail(error: unknown): T
  /**
   * Present when the platform takes the body as it is produced: sends `head` (status, headers and cookies
   * follow the same rules as a whole answer's) and returns where the body goes.
   */
  open?(head: ResponseHead): BodyWriter<T>
  /**
   * Tells the completion what runs the user's code, so that when it answers on its own (a 504 just before the
   * deadline) it can stop it: a Node app's response is then closed, as a client that disconnects closes it.
   */
  onAbandon?(runner: Abandonable): void
}

/** User code that can be told to stop because its answer was given without it. */
export interface Abandonable {
  abandon(): void
}
