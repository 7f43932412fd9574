import type { ResponseHead } from './answer.js'
import type { EventKind, FaasEvent, RecordError } from './events.js'
import type { HttpHeaders } from './headers.js'
import type { HttpRequest } from './http-request.js'
import type { NormalizedResult } from './http-result.js'
import type { Invocation, InvocationInfo, ProviderName } from './invocation.js'

/** Per-entry options an HTTP adapter honours while reading an event. */
export interface RequestOptions {
  /** Remove the API stage (`/dev`, `/prod`) that some gateways put in front of the path. */
  stripStage: boolean
  /** A path prefix to remove (a custom domain's base path mapping), or undefined. */
  basePath: string | undefined
}

/** What every adapter has: the provider and trigger it reads, for detection and error messages. */
interface AdapterBase {
  readonly provider: ProviderName
  /** Short trigger name, unique within the provider: `apigw-v1`, `alb`, `http-v3`, `timer`... */
  readonly trigger: string
  /**
   * Cheap field checks, no parsing: does this event (and context) come from this trigger? Must reject every
   * other trigger's event, including look-alikes from other providers.
   */
  matches(event: unknown, context: unknown): boolean
}

/** Reads one HTTP trigger's events into `HttpRequest` and writes `NormalizedResult` in that trigger's format. */
export interface HttpAdapter<E = any> extends AdapterBase {
  readonly kind: 'http'
  /**
   * Set for platforms that call `(request, responder, context)`: the request is a stream, the answer is
   * written to the responder (then `toResult` returns nothing) and the platform context is the third argument.
   */
  readonly responder?: boolean
  /** Builds the request; throws `InvalidEventError` for a malformed event. */
  toRequest(event: E, context: unknown, options: RequestOptions): HttpRequest<E> | Promise<HttpRequest<E>>
  /**
   * The platform's result for this trigger (`context` is the entry's second argument: the platform context, or
   * the responder). Must cope with the malformed event a 400 answers.
   */
  toResult(result: NormalizedResult, event: E, context: unknown, invocation: Invocation): unknown
  /**
   * The head of a streamed answer in this trigger's prelude format (status, headers, cookies), for triggers whose
   * gateway takes streamed answers (Lambda Function URLs, REST API streaming integrations). Triggers without it
   * get their `toResult` JSON as the whole stream when a streaming entry serves them.
   */
  toPrelude?(head: ResponseHead, event: E, invocation: Invocation): object
  /** Whether this event's gateway takes a streamed answer (default true where `toPrelude` is present). */
  streams?(event: E): boolean
  /**
   * For platforms that hand the function a live HTTP response as its second argument (Cloud Run functions' `res`):
   * how a streaming entry (the `stream` option) writes into it, the head from `toPrelude` first, then the body as it
   * is produced. Without the option, answers go out whole through `toResult`.
   */
  readonly liveResponse?: StreamingPlatform
  /**
   * For platforms that take a streamed answer as the entry's return value (Azure Functions, whose host streams an
   * `HttpResponseInit` body that is a `ReadableStream` under `app.setup({ enableHttpStream: true })` and reads it whole
   * otherwise): builds that return value from `toPrelude`'s object and the ReadableStream the answer's body flows
   * through as it is produced. With the `stream` option the entry returns it as soon as the head is known.
   */
  returnsStream?(prelude: object, body: ReadableStream<Uint8Array>): unknown
  /** The largest result this trigger's platform accepts, where it documents one. */
  readonly resultLimit?: ResultLimit
}

/** A platform's documented limit on one answer, and what to do instead. */
export interface ResultLimit {
  /** The most bytes the result may take, as the JSON the runtime sends (base64 bodies at their encoded size). */
  readonly bytes: number
  /** Whose limit it is, for the log line: `Lambda (synchronous invocations)`, `ALB (Lambda targets)`... */
  readonly platform: string
  /** What to do instead, for the log line. */
  readonly advice: string
}

/** Reads one non-HTTP trigger's events into normalized records (timers, storage, queues, envelopes). */
export interface EventAdapter<E = any> extends AdapterBase {
  readonly kind: EventKind
  /**
   * Every record, in order. A record that cannot be read is a `RecordError` in its place, so the others still
   * run; throw `InvalidEventError` only when the event as a whole is unreadable.
   */
  toEvents(event: E, context: unknown): Array<FaasEvent | RecordError>
  /**
   * Whether this event's records must be handled strictly in order (a FIFO queue): then processing stops at the
   * first failed record, and that record and every one after it count as failed (the later ones not run).
   */
  ordered?(event: E): boolean
  /**
   * For platforms that take a partial-batch response (SQS, Kinesis and DynamoDB Streams `batchItemFailures`): the
   * result naming the records to retry, given in batch order (the failed ones and, in an ordered batch, every one
   * not run after the first failure). Returns undefined when it cannot name them (an id could not be read): the
   * invocation then fails. Without it, any failed record fails the invocation so the platform retries the batch.
   */
  partialBatchResult?(retry: ReadonlyArray<{ index: number; id: string | undefined }>, event: E): unknown
}

/** Any adapter. */
export type Adapter = HttpAdapter | EventAdapter

/** One cloud: its adapters, in detection order, and how to read its invocation context. */
export interface Provider {
  readonly name: ProviderName | 'web'
  readonly adapters: readonly Adapter[]
  /**
   * Reads the platform context (anything, even undefined in tests) into provider-neutral fields; `event` is the
   * event or request, for platforms that carry invocation details there (Cloud Run functions' request headers).
   */
  describe(context: unknown, event?: unknown): InvocationInfo
  /**
   * For functions that run as a plain web server (SCF web functions, FC custom runtimes): reads the invocation
   * details the platform puts in request headers (lower-case names), or returns undefined when the headers
   * do not come from this provider.
   */
  describeWebRequest?(headers: HttpHeaders): InvocationInfo | undefined
  /**
   * For platforms whose web functions must listen on a fixed port: that port, when the environment shows this
   * process runs there (FunctionGraph HTTP functions: 8000), else undefined. `listen()` takes it when neither its
   * `port` option nor `PORT` gives one.
   */
  webPort?(env: Record<string, string | undefined>): number | undefined
  /**
   * Added to the `UnsupportedEventError` of `on()` when an event arrives as bytes that are not JSON: what such
   * bytes can be on this platform and how to make them recognisable.
   */
  readonly unreadableBytesHint?: string
}

/** The Node-style writable a streaming platform hands a streaming handler. */
export interface PlatformStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean
  end(callback?: () => void): unknown
  on(event: 'drain' | 'close' | 'error' | 'finish', listener: (...args: any[]) => void): unknown
  readonly writableFinished?: boolean
}

/**
 * A platform that can run an entry function as a streaming handler, called `(event, responseStream, context)`,
 * and take its answer as bytes written to `responseStream` (Lambda response streaming).
 */
export interface StreamingPlatform {
  /** Marks `handler` so the platform runs it as a streaming handler; undefined when this process is not on that platform. */
  streamify<F extends Function>(handler: F): F | undefined
  /**
   * Readies the response stream for an answer and returns where to write it: for an HTTP answer with its
   * trigger's `prelude`, else (no prelude) for a JSON result written as the stream's whole content.
   */
  open(responseStream: unknown, prelude: object | undefined): PlatformStream
  /**
   * For a live HTTP response (Cloud Run functions): ends an answer that failed after its head went out by cutting
   * the connection, so the client cannot take it for a whole one; the entry then resolves, as the platform has
   * nothing left to answer. Without it the entry rejects (Lambda writes its error trailers).
   */
  abort?(responseStream: unknown): void
}

/** `provider/trigger`, the name used in errors and logs. */
export function adapterName(adapter: { provider: string; trigger: string }): string {
  return adapter.provider + '/' + adapter.trigger
}
