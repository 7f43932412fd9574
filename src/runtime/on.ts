import type { CallbackApp, FetchApp, RequestListenerHost, ServableApp } from '../bridge/app.js'
import {
  adapterName,
  BatchFailedError,
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
  /** Queue and topic messages, once per message, in order. */
  queue?: RecordHandler<QueueMessage>
  /** Every recognised record no other route takes (CloudEvents and EventBridge envelopes among them). */
  event?: RecordHandler<FaasEvent | EnvelopeEvent>
}

/** Options for `on()`. */
export interface OnOptions extends ServeOptions {
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

async function runRecords(
  adapter: EventAdapter,
  routes: EventRoutes,
  event: unknown,
  context: unknown,
  invocation: InvocationRecord,
  partial: boolean,
): Promise<unknown> {
  const name = adapterName(adapter)
  const failures: FailedRecord[] = []
  let records: Array<FaasEvent | RecordError> = []
  try {
    records = adapter.toEvents(event, context)
    for (const record of records) {
      if (record.kind === 'error') {
        failures.push({ index: record.index, id: record.id, reason: record.reason })
        invocation.logger.error(`faasport: ${name} record #${record.index} could not be read: ${record.reason}`)
        continue
      }
      // Routed by the record's own kind: one trigger may deliver queue messages and plain envelopes.
      const handler = (routes[record.kind] ?? routes.event) as RecordHandler<FaasEvent> | undefined
      if (!handler) {
        failures.push({ index: record.index, id: record.id, reason: `on() has no ${record.kind} route and no event route` })
        continue
      }
      try {
        await handler(record, invocation)
      } catch (error) {
        failures.push({ index: record.index, id: record.id, reason: reasonOf(error) })
        invocation.logger.error(`faasport: ${name} record #${record.index} (${record.id}) failed`, error)
      }
    }
  } finally {
    invocation.end()
  }
  const batch = partial ? adapter.partialBatchResult : undefined
  if (batch && failures.every((f) => f.id !== undefined)) return batch(failures.map((f) => f.id!))
  if (failures.length > 0) throw new BatchFailedError(name, failures, records.length)
  return undefined
}

/** `on()` bound to a set of providers; each entry point binds its own. */
export function onWith(providers: readonly Provider[], routes: EventRoutes, options: OnOptions = {}): EntryFunction {
  if (typeof routes !== 'object' || routes === null) throw new TypeError('faasport: on() needs an object of routes, e.g. on({ http, timer, queue })')
  const resolved = resolveOptions(options)
  const detect = createDetector(providers)
  const http = routes.http ? httpRoute(routes.http, resolved, options.kind) : undefined
  const partial = options.reportBatchItemFailures === true

  function invokeEvents(detected: Detected, event: unknown, context: unknown): unknown {
    const adapter = detected.adapter as EventAdapter
    if (!routes[adapter.kind] && !routes.event) throw notRouted(detected, `on() has no ${adapter.kind} route and no event route.`)
    applyContextOptions(context, resolved)
    const invocation = startInvocation(detected, context, event, resolved)
    return storage.run(invocation, runRecords, adapter, routes, event, context, invocation, partial)
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
