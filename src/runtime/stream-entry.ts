import { ReaderGoneError } from '../bridge/body-source.js'
import { closedWriter, StreamBodyWriter } from '../bridge/stream-writer.js'
import {
  deadlineResult,
  errorResult,
  logSafely,
  type Abandonable,
  type BodyWriter,
  type Completion,
  type HttpAdapter,
  type HttpRequest,
  type NormalizedResult,
  type ResponseHead,
  type StreamingPlatform,
} from '../model/index.js'
import { logNoAnswer, unwatchDeadline, watchDeadline, type Expiring } from './deadline.js'
import type { Detected, Detector } from './detect.js'
import { decodeEvent, HttpCompletion, invokeHttp, isPromise, notRouted, type EntryFunction, type GuardedCompletion, type HttpRoute } from './entry.js'
import type { InvocationRecord } from './invocation.js'
import type { ResolvedOptions } from './options.js'

/** A streamed answer was still open when the invocation came close to its deadline. */
export class StreamDeadlineError extends Error {
  constructor(marginMs: number) {
    super(`the streamed answer was still open ${marginMs} ms before the invocation's deadline, so it was ended as a failure`)
    this.name = 'StreamDeadlineError'
  }
}

/**
 * One streamed HTTP invocation. The head goes out as the trigger's prelude when the answer starts, the body as it
 * is produced; a failure after that ends the stream as a function error (never as a clean end), before it the
 * usual error answer is streamed. The invocation ends once the answer has ended and the user's code has
 * finished (a fetch app's `waitUntil` work). An answer not started `deadlineMarginMs` before the deadline (when
 * `invocation.signal` aborts) is a 504; one still open half that margin before it fails; either way the
 * invocation then ends, whatever the user's code is still doing, and a Node app's response is closed.
 */
class StreamedCompletion implements Completion<Promise<void>>, Expiring {
  request: HttpRequest | undefined = undefined
  watchIndex = -1
  watchTimer: ReturnType<typeof setTimeout> | undefined = undefined
  #writer: BodyWriter<Promise<void>> | undefined = undefined
  #resolve!: () => void
  #reject!: (error: unknown) => void
  /** The answer's end: undefined while it runs, null once it ended cleanly, else the failure. */
  #answer: { error: unknown } | null | undefined = undefined
  #codeDone = false
  /** 0: before the 504 moment; 1: before the moment an open stream is cut; 2: past both. */
  #phase = 0
  #settled = false
  #runner: Abandonable | undefined = undefined
  /** What the entry returns: settles when the answer has ended and the user's code has finished. */
  readonly outcome = new Promise<void>((resolve, reject) => {
    this.#resolve = resolve
    this.#reject = reject
  })

  constructor(
    readonly adapter: HttpAdapter,
    readonly event: unknown,
    readonly responseStream: unknown,
    readonly platform: StreamingPlatform,
    readonly invocation: InvocationRecord,
    readonly options: ResolvedOptions,
  ) {
    if (options.deadlineAnswer) watchDeadline(this)
  }

  complete(result: NormalizedResult): Promise<void> {
    if (this.#writer !== undefined || this.#answer !== undefined) return this.outcome
    const writer = this.open(result)
    if (result.body !== undefined && result.body.length > 0) writer.write(result.body)
    return writer.end()
  }

  fail(error: unknown): Promise<void> {
    if (this.#writer !== undefined) return this.#writer.fail(error)
    if (this.#answer !== undefined) return this.outcome
    return this.complete(errorResult(error, this.options.debug, this.invocation.logger))
  }

  open(head: ResponseHead): BodyWriter<Promise<void>> {
    // The answer was already given (the deadline's 504): whatever the app starts now goes nowhere, and is told so.
    if (this.#writer !== undefined || this.#answer !== undefined) return closedWriter(this.outcome)
    const stream = this.platform.open(this.responseStream, this.adapter.toPrelude!(head, this.event, this.invocation))
    const writer = new StreamBodyWriter(stream, {
      ended: () => this.#ended(null),
      failed: (error) => {
        this.#ended({ error })
        return this.outcome
      },
    })
    this.#writer = writer
    // The platform sends the prelude with the first write: an empty one sends it now, so the client has the
    // head (an SSE client its open connection) before the first chunk.
    writer.write('')
    return writer
  }

  onAbandon(runner: Abandonable): void {
    this.#runner = runner
  }

  /** The user's code has finished (its promise settled): a failure it reports without answering fails the answer. */
  codeFinished(error?: unknown): void {
    this.#codeDone = true
    if (error !== undefined && this.#answer === undefined) void this.fail(error)
    this.#finish()
  }

  expiresAt(): number {
    const margin = this.options.deadlineMarginMs
    return this.invocation.deadline - (this.#phase === 0 ? margin : margin / 2)
  }

  expire(): void {
    if (this.#settled) return
    const { invocation } = this
    if (this.#phase === 0) {
      if (this.#writer === undefined) {
        logNoAnswer(invocation, this.request, this.options.deadlineMarginMs)
        this.#phase = 2
        invocation.abortNow()
        void this.complete(deadlineResult())
        this.#runner?.abandon()
        return this.#finish()
      }
      if (this.#answer === undefined) {
        // Streaming: the app has until half the margin to end it (invocation.signal has just aborted).
        this.#phase = 1
        return watchDeadline(this)
      }
    } else if (this.#answer === undefined) {
      this.#phase = 2
      void this.#writer!.fail(new StreamDeadlineError(this.options.deadlineMarginMs / 2))
    }
    // Answered, and the user's code still running (waitUntil work): the invocation ends now.
    this.#phase = 2
    this.#finish()
  }

  #ended(answer: { error: unknown } | null): void {
    if (this.#answer !== undefined) return
    this.#answer = answer
    if (answer !== null) {
      const { logger, requestId } = this.invocation
      if (answer.error instanceof ReaderGoneError) logSafely(logger, 'warn', `faasport: request ${requestId}: the streamed answer's reader went away before it ended`)
      else logSafely(logger, 'error', `faasport: request ${requestId}: the streamed answer failed after its head went out; it ends as a function error`, answer.error)
    }
    this.#finish()
  }

  #finish(): void {
    const answer = this.#answer
    if (this.#settled || answer === undefined) return
    // A failed answer ends the invocation now; a clean one once the code is done too (or the deadline came).
    if (answer === null && !this.#codeDone && this.#phase < 2) return
    this.#settled = true
    unwatchDeadline(this)
    this.invocation.end()
    if (answer === null) this.#resolve()
    else if (this.platform.abort !== undefined) {
      this.platform.abort(this.responseStream)
      this.#resolve()
    } else this.#reject(answer.error)
  }
}

/**
 * A streaming entry serving a trigger whose gateway does not take streamed answers (ALB, HTTP APIs, a plain
 * Invoke): the trigger's usual JSON result, written as the stream's whole content, is what the caller receives.
 * Its deadline is the buffered one's.
 */
class JsonStreamCompletion implements GuardedCompletion<unknown> {
  readonly #result: HttpCompletion
  constructor(
    adapter: HttpAdapter,
    event: unknown,
    context: unknown,
    readonly responseStream: unknown,
    readonly platform: StreamingPlatform,
    invocation: InvocationRecord,
    options: ResolvedOptions,
  ) {
    this.#result = new HttpCompletion(adapter, event, context, invocation, options, (result) => this.#write(result))
  }

  get request(): HttpRequest | undefined {
    return this.#result.request
  }
  set request(request: HttpRequest | undefined) {
    this.#result.request = request
  }

  complete(result: NormalizedResult): unknown {
    return this.#result.complete(result)
  }

  fail(error: unknown): unknown {
    return this.#result.fail(error)
  }

  onAbandon(runner: Abandonable): void {
    this.#result.onAbandon(runner)
  }

  guard(pending: Promise<unknown>): Promise<unknown> {
    return this.#result.guard(pending)
  }

  /** The trigger's result as the stream's content. */
  #write(result: unknown): Promise<void> {
    const stream = this.platform.open(this.responseStream, undefined)
    return new Promise<void>((resolve, reject) => {
      stream.on('error', reject)
      stream.write(JSON.stringify(result))
      stream.end(() => resolve())
    })
  }
}

/**
 * Runs one HTTP event as a streamed answer into `responseStream` through `platform`: a trigger whose gateway takes
 * streamed answers gets the head and then the body as produced, any other its usual JSON result as the stream's
 * whole content. `context` is the entry's second argument as the adapter expects it.
 */
export function invokeStreamed(route: HttpRoute, detected: Detected, event: unknown, context: unknown, third: unknown, responseStream: unknown, platform: StreamingPlatform): Promise<unknown> {
  const adapter = detected.adapter as HttpAdapter
  if (adapter.toPrelude === undefined || adapter.streams?.(event) === false) {
    const out = invokeHttp(route, detected, event, context, third, (a, e, c, invocation, options) => new JsonStreamCompletion(a, e, c, responseStream, platform, invocation, options))
    return isPromise(out) ? out : Promise.resolve(out)
  }
  let made: StreamedCompletion | undefined
  const out = invokeHttp(route, detected, event, context, third, (a, e, _c, invocation, options) => (made = new StreamedCompletion(a, e, responseStream, platform, invocation, options)))
  const completion = made!
  if (isPromise(out)) out.then(() => completion.codeFinished(), (error: unknown) => completion.codeFinished(error))
  else completion.codeFinished()
  return completion.outcome
}

/**
 * The streaming form of an HTTP entry: called `(event, responseStream, context)` by the platform, it streams
 * the answer to triggers that take streamed answers and writes the usual JSON result for the others. Declared
 * with two parameters, as the entry rules want; the context is read from `arguments`.
 */
export function streamingEntry(route: HttpRoute, detect: Detector, platform: StreamingPlatform): EntryFunction {
  return function faasportStreamingEntry(event: unknown, responseStream: unknown) {
    const context: unknown = arguments[2]
    try {
      event = decodeEvent(event)
      const detected = detect(event, context)
      if (detected.adapter.kind !== 'http') throw notRouted(detected, 'handle() and serve() serve HTTP events only: use on() to route it.')
      return invokeStreamed(route, detected, event, context, undefined, responseStream, platform)
    } catch (error) {
      return Promise.reject(error)
    }
  } as EntryFunction
}
