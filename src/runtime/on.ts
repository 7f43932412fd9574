import type { CallbackApp, FetchApp, RequestListenerHost, ServableApp } from '../bridge/app.js'
import {
  adapterName,
  BatchFailedError,
  BatchTimeoutError,
  logSafely,
  type ChangeEvent,
  type EventAdapter,
  type FaasEvent,
  type FailedRecord,
  type Invocation,
  type Provider,
  type QueueMessage,
  type RecordError,
  type StorageEvent,
  type TimerEvent,
  type EnvelopeEvent,
} from '../model/index.js'
import { unwatchDeadline, watchDeadline, type Expiring } from './deadline.js'
import { createDetector, type Detected } from './detect.js'
import {
  applyContextOptions,
  decodeEvent,
  httpRouteOf,
  invokeHttp,
  notRouted,
  setHttpRoute,
  startInvocation,
  wrapEntry,
  type EntryFunction,
  type HttpRoute,
} from './entry.js'
import { handlerRunner, type HttpHandler } from './handle.js'
import type { InvocationRecord } from './invocation.js'
import { storage } from './invocation.js'
import { resolveOptions, type ResolvedOptions } from './options.js'
import { appRunner, type ServeOptions } from './serve.js'

/** A route for one kind of record; it runs once per record and may be async. */
export type RecordHandler<T> = (record: T, invocation: Invocation) => unknown

/** The routes `on()` dispatches to. Each is optional; an event with no route is an `UnsupportedEventError`. */
export interface EventRoutes {
  /**
   * HTTP events: a plain handler `(request, invocation)`, an entry built by `handle()` or `serve()`, an app
   * object `serve()` takes (Koa, Hono or any `{ fetch }`, an `http.Server`), or a promise of an app. An app that
   * is itself a function (Express, a `(req, res)` listener, a fetch function) goes in as `serve(app)`: a bare
   * function here is a plain handler.
   */
  http?: HttpHandler | FetchApp | CallbackApp | RequestListenerHost | PromiseLike<ServableApp>
  /** Scheduled invocations. */
  timer?: RecordHandler<TimerEvent>
  /** Object storage changes, once per object. */
  storage?: RecordHandler<StorageEvent>
  /** Queue and topic messages, stream records (Kinesis, Kafka), once per message, in order. */
  queue?: RecordHandler<QueueMessage>
  /** Database item changes (DynamoDB Streams), once per change, in order. */
  change?: RecordHandler<ChangeEvent>
  /** Every recognised record no other route takes (CloudEvents and EventBridge envelopes among them). */
  event?: RecordHandler<FaasEvent | EnvelopeEvent>
}

/** Options for `on()`. */
export interface OnOptions extends Omit<ServeOptions, 'stream'> {
  /**
   * Report failed queue records as a partial batch response (`{ batchItemFailures }`) where the platform takes
   * one (Lambda SQS, with `ReportBatchItemFailures` on the event source mapping), instead of failing the whole
   * invocation. Default false.
   */
  reportBatchItemFailures?: boolean
}

// Plain JavaScript callers may still hand over an Express or Connect app itself; it is recognised by shape.
function isNodeApp(fn: Function): boolean {
  const app = fn as unknown as { use?: unknown; handle?: unknown }
  return fn.length >= 3 || typeof app.use === 'function' || typeof app.handle === 'function'
}

function httpRoute(http: NonNullable<EventRoutes['http']>, options: ResolvedOptions, kind: OnOptions['kind']): HttpRoute {
  const built = httpRouteOf(http)
  if (built) return built
  if (typeof http === 'function' && !isNodeApp(http) && kind === undefined) {
    return { run: handlerRunner(http as HttpHandler, options), options }
  }
  return { run: appRunner(http as ServableApp, options, kind), options }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

// The handler for a record: its own kind's route, else the event route.
function routeOf(routes: EventRoutes, kind: FaasEvent['kind']): RecordHandler<FaasEvent> | undefined {
  return (routes[kind] ?? routes.event) as RecordHandler<FaasEvent> | undefined
}

/**
 * One batch of records through the routes, in order. A failed record is recorded and the run goes on, except in
 * an ordered batch (a FIFO queue, a stream), which stops at its first failure. The answer: nothing when every
 * record succeeded; the platform's partial-batch response (with `reportBatchItemFailures`) naming the records to
 * retry; else a `BatchFailedError`. `deadlineMarginMs` before the deadline, a batch still running stops starting
 * records and answers at once: the records not finished count as ones to retry (a partial response), or the
 * invocation fails with a `BatchTimeoutError`, and `invocation.signal` aborts so the running one can stop.
 */
class BatchRun implements Expiring {
  watchIndex = -1
  watchTimer: ReturnType<typeof setTimeout> | undefined = undefined
  readonly #name: string
  readonly #failures: FailedRecord[] = []
  /** The record running now; after the loop, the length of the batch or the place an ordered batch stopped. */
  #current = 0
  #settled = false
  #resolve!: (value: unknown) => void
  #reject!: (error: unknown) => void
  readonly outcome = new Promise<unknown>((resolve, reject) => {
    this.#resolve = resolve
    this.#reject = reject
  })

  constructor(
    readonly adapter: EventAdapter,
    readonly event: unknown,
    readonly routes: EventRoutes,
    readonly records: ReadonlyArray<FaasEvent | RecordError>,
    readonly ordered: boolean,
    readonly invocation: InvocationRecord,
    readonly options: ResolvedOptions,
    readonly partial: boolean,
  ) {
    this.#name = adapterName(adapter)
  }

  start(): Promise<unknown> {
    if (this.options.deadlineAnswer) watchDeadline(this)
    this.#run().then(
      (stoppedAt) => this.#settle(() => this.#answer(stoppedAt, false)),
      (error: unknown) => this.#settle(() => {
        throw error
      }),
    )
    return this.outcome
  }

  async #run(): Promise<number> {
    const { records, invocation } = this
    const name = this.#name
    for (let i = 0; i < records.length; i++) {
      if (this.#settled) return i
      this.#current = i
      const record = records[i]!
      const failed = this.#failures.length
      if (record.kind === 'error') {
        this.#failures.push({ index: record.index, id: record.id, reason: record.reason })
        invocation.logger.error(`faasport: ${name} record #${record.index} could not be read: ${record.reason}`)
      } else {
        // Routed by the record's own kind: one trigger may deliver queue messages, objects and plain envelopes.
        const handler = routeOf(this.routes, record.kind)
        if (!handler) {
          this.#failures.push({ index: record.index, id: record.id, reason: `on() has no ${record.kind} route and no event route` })
        } else {
          try {
            await handler(record, invocation)
          } catch (error) {
            if (this.#settled) return i
            this.#failures.push({ index: record.index, id: record.id, reason: reasonOf(error) })
            invocation.logger.error(`faasport: ${name} record #${record.index} (${record.id}) failed`, error)
          }
        }
      }
      if (this.ordered && this.#failures.length > failed) return i + 1
    }
    return records.length
  }

  /** The batch's answer, the records from `stoppedAt` on not run (or, `expired`, not finished). */
  #answer(stoppedAt: number, expired: boolean): unknown {
    const { records, invocation } = this
    const failures = this.#failures
    const left = records.slice(stoppedAt)
    if (left.length > 0 && !expired) invocation.logger.error(`faasport: ${this.#name} is an ordered batch: the ${left.length} records after the failed one were not run`)
    // The records to retry, in batch order: the failed ones and those not run (or not finished).
    const retry = [...failures.map((f) => ({ index: f.index, id: f.id })), ...left.map((r) => ({ index: r.index, id: r.id }))]
    const answer = this.partial ? this.adapter.partialBatchResult?.(retry, this.event) : undefined
    if (answer !== undefined) return answer
    if (retry.length === 0) return undefined
    if (expired) throw new BatchTimeoutError(this.#name, failures, left.length, records.length, this.options.deadlineMarginMs)
    throw new BatchFailedError(this.#name, failures, records.length, left.length)
  }

  #settle(answer: () => unknown): void {
    if (this.#settled) return
    this.#settled = true
    unwatchDeadline(this)
    this.invocation.end()
    try {
      this.#resolve(answer())
    } catch (error) {
      this.#reject(error)
    }
  }

  expiresAt(): number {
    return this.invocation.deadline - this.options.deadlineMarginMs
  }

  expire(): void {
    if (this.#settled) return
    const { invocation, records } = this
    const current = this.#current
    logSafely(
      invocation.logger,
      'error',
      `faasport: request ${invocation.requestId}: ${this.#name}: ${records.length - current} of ${records.length} records had not finished ${this.options.deadlineMarginMs} ms before the invocation's deadline, after ${invocation.elapsedMs()} ms (record #${current} was running)${this.partial && this.adapter.partialBatchResult ? '; they are reported for retry' : ''}`,
    )
    invocation.abortNow()
    this.#settle(() => this.#answer(current, true))
  }
}

function startBatch(run: BatchRun): Promise<unknown> {
  return run.start()
}

// The kind of the first readable record no route takes, when no readable record has a route.
function unroutedKind(routes: EventRoutes, records: ReadonlyArray<FaasEvent | RecordError>): FaasEvent['kind'] | undefined {
  let missing: FaasEvent['kind'] | undefined
  for (const record of records) {
    if (record.kind === 'error') continue
    if (routeOf(routes, record.kind)) return undefined
    missing ??= record.kind
  }
  return missing
}

/** `on()` bound to a set of providers; each entry point binds its own. */
export function onWith(providers: readonly Provider[], routes: EventRoutes, options: OnOptions = {}): EntryFunction {
  if (typeof routes !== 'object' || routes === null) throw new TypeError('faasport: on() needs an object of routes, e.g. on({ http, timer, queue })')
  if ((options as { stream?: unknown }).stream !== undefined && (options as { stream?: unknown }).stream !== false) {
    // A streaming handler is called (event, responseStream, context) for every event: it cannot also be a queue worker.
    throw new TypeError('faasport: on() does not stream; export serve(app, { stream: true }) or handle(handler, { stream: true }) as its own function for streamed HTTP answers')
  }
  const resolved = resolveOptions(options)
  const bytesHint = providers.map((p) => p.unreadableBytesHint).filter(Boolean).join(' ')
  const detect = createDetector(providers, (event) => (event instanceof Uint8Array && bytesHint ? bytesHint : undefined))
  const http = routes.http ? httpRoute(routes.http, resolved, options.kind) : undefined
  const partial = options.reportBatchItemFailures === true

  function invokeEvents(detected: Detected, event: unknown, context: unknown): unknown {
    const adapter = detected.adapter as EventAdapter
    const records = adapter.toEvents(event, context)
    // Named by the records' kind, not the trigger's: one trigger may deliver several kinds.
    const missing = unroutedKind(routes, records)
    if (missing) throw notRouted(detected, missing === 'event' ? 'on() has no event route.' : `on() has no ${missing} route and no event route.`, missing)
    const ordered = adapter.ordered?.(event) === true
    applyContextOptions(context, resolved)
    const invocation = startInvocation(detected, context, event, resolved)
    const run = new BatchRun(adapter, event, routes, records, ordered, invocation, resolved, partial)
    return storage.run(invocation, startBatch, run)
  }

  const entry = wrapEntry((event, context, third) => {
    event = decodeEvent(event)
    const detected = detect(event, context)
    if (detected.adapter.kind !== 'http') return invokeEvents(detected, event, context)
    if (!http) throw notRouted(detected, 'on() has no http route.')
    return invokeHttp(http, detected, event, context, third)
  })
  // listen(on({ http, ... })) serves the http route as a web server.
  setHttpRoute(entry, http ?? null)
  return entry
}
