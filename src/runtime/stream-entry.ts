import { StreamBodyWriter } from '../bridge/stream-writer.js'
import {
  errorResult,
  type BodyWriter,
  type Completion,
  type HttpAdapter,
  type NormalizedResult,
  type ResponseHead,
  type StreamingPlatform,
} from '../model/index.js'
import type { Detector } from './detect.js'
import { decodeEvent, HttpCompletion, invokeHttp, isPromise, notRouted, type EntryFunction, type HttpRoute } from './entry.js'
import type { InvocationRecord } from './invocation.js'
import type { ResolvedOptions } from './options.js'

/** A streamed answer was still open when the invocation reached its deadline. */
export class StreamDeadlineError extends Error {
  constructor(marginMs: number) {
    super(`the streamed answer was still open ${marginMs} ms before the invocation's deadline, so it was ended as a failure`)
    this.name = 'StreamDeadlineError'
  }
}

/** The answer did not start before the invocation's deadline: a 504 goes out instead. */
class DeadlineAnswerError extends Error {
  readonly status = 504
  constructor() {
    super('the app had not answered shortly before the invocation deadline')
    this.name = 'DeadlineAnswerError'
  }
}

/**
 * One streamed HTTP invocation. The head goes out as the trigger's prelude when the answer starts, the body as it
 * is produced; a failure after that ends the stream as a function error (never as a clean end), before it the
 * usual error answer is streamed. The invocation ends once the answer has ended and the user's code has
 * finished (a fetch app's `waitUntil` work). Shortly before the deadline (half the deadline margin;
 * `invocation.signal` has aborted a margin before it), an answer not yet started becomes a 504, one still open
 * fails, and the invocation ends whatever the user's code is still doing.
 */
class StreamedCompletion implements Completion<Promise<void>> {
  #writer: StreamBodyWriter | undefined = undefined
  #timer: ReturnType<typeof setTimeout> | undefined = undefined
  #resolve!: () => void
  #reject!: (error: unknown) => void
  /** The answer's end: undefined while it runs, null once it ended cleanly, else the failure. */
  #answer: { error: unknown } | null | undefined = undefined
  #codeDone = false
  #deadlinePassed = false
  #settled = false
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
    const remaining = invocation.remainingTimeMs()
    if (Number.isFinite(remaining)) {
      // Not unref'd: the timer must fire even if nothing else keeps the process busy (a hung app); it is
      // cleared when the invocation ends.
      this.#timer = setTimeout(() => this.#deadline(), Math.max(0, remaining - options.deadlineMarginMs / 2))
    }
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
    if (this.#writer !== undefined) return this.#writer
    const stream = this.platform.open(this.responseStream, this.adapter.toPrelude!(head, this.event))
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

  /** The user's code has finished (its promise settled): a failure it reports without answering fails the answer. */
  codeFinished(error?: unknown): void {
    this.#codeDone = true
    if (error !== undefined && this.#answer === undefined) void this.fail(error)
    this.#finish()
  }

  #ended(answer: { error: unknown } | null): void {
    if (this.#answer !== undefined) return
    this.#answer = answer
    if (answer !== null) {
      const { logger, requestId } = this.invocation
      try {
        logger.error(`faasport: request ${requestId}: the streamed answer failed after its head went out; it ends as a function error`, answer.error)
      } catch {
        // A logger that fails must not keep the invocation from ending.
      }
    }
    this.#finish()
  }

  #finish(): void {
    const answer = this.#answer
    if (this.#settled || answer === undefined) return
    // A failed answer ends the invocation now; a clean one once the code is done too (or the deadline came).
    if (answer === null && !this.#codeDone && !this.#deadlinePassed) return
    this.#settled = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.invocation.end()
    if (answer === null) this.#resolve()
    else this.#reject(answer.error)
  }

  #deadline(): void {
    this.#timer = undefined
    this.#deadlinePassed = true
    if (this.#answer !== undefined) return this.#finish()
    const margin = this.options.deadlineMarginMs / 2
    if (this.#writer !== undefined) void this.#writer.fail(new StreamDeadlineError(margin))
    else void this.fail(new DeadlineAnswerError())
  }
}

/**
 * A streaming entry serving a trigger whose gateway does not take streamed answers (ALB, HTTP APIs, a plain
 * Invoke): the trigger's usual JSON result, written as the stream's whole content, is what the caller receives.
 */
class JsonStreamCompletion implements Completion<unknown> {
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
    this.#result = new HttpCompletion(adapter, event, context, invocation, options.debug)
  }

  complete(result: NormalizedResult): Promise<void> {
    const json = JSON.stringify(this.#result.complete(result))
    const stream = this.platform.open(this.responseStream, undefined)
    return new Promise<void>((resolve, reject) => {
      stream.on('error', reject)
      stream.write(json)
      stream.end(() => resolve())
    })
  }

  fail(error: unknown): Promise<void> {
    return this.complete(errorResult(error, this.#result.debug, this.#result.invocation.logger))
  }
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
      const adapter = detected.adapter as HttpAdapter
      if (adapter.toPrelude === undefined || adapter.streams?.(event) === false) {
        const out = invokeHttp(route, detected, event, context, undefined, (a, e, c, invocation, options) => new JsonStreamCompletion(a, e, c, responseStream, platform, invocation, options))
        return isPromise(out) ? out : Promise.resolve(out)
      }
      let made: StreamedCompletion | undefined
      const out = invokeHttp(route, detected, event, context, undefined, (a, e, _c, invocation, options) => (made = new StreamedCompletion(a, e, responseStream, platform, invocation, options)))
      const completion = made!
      if (isPromise(out)) out.then(() => completion.codeFinished(), (error: unknown) => completion.codeFinished(error))
      else completion.codeFinished()
      return completion.outcome
    } catch (error) {
      return Promise.reject(error)
    }
  } as EntryFunction
}
