import { lambdaProvider, lambdaProviderWithEvents } from '../../adapters/lambda/index.js'
import { lambdaStreaming } from '../../adapters/lambda/streaming.js'
import type { ServableApp } from '../bridge/app.js'
import type { EntryFunction } from '../runtime/entry.js'
import { handleWith, type HandleOptions, type HttpHandler } from '../runtime/handle.js'
import { onWith, type EventRoutes, type OnOptions } from '../runtime/on.js'
import { listenWith, type ListenOptions, type ListeningServer } from '../runtime/listen.js'
import { serveWith, type ServeOptions } from '../runtime/serve.js'
import { webProviders } from './web-providers.js'

export * from '../shared-exports.js'

const providers = [lambdaProvider]
// on() also reads timers, storage and queues; only bundles that call it carry those readers.
const providersWithEvents = [lambdaProviderWithEvents]

/**
 * Turns a plain handler into an AWS Lambda entry function for API Gateway (REST and HTTP API), Function URLs
 * and ALB. Never loads `node:http`.
 */
export function handle(handler: HttpHandler, options?: HandleOptions): EntryFunction {
  return handleWith(providers, handler, options, lambdaStreaming)
}

/** Runs an Express, Koa, Node-listener or fetch-style app (or a promise of one) as an AWS Lambda entry function. */
export function serve(app: ServableApp | PromiseLike<ServableApp>, options?: ServeOptions): EntryFunction {
  return serveWith(providers, app, options, lambdaStreaming)
}

/**
 * One entry function for every kind of event: `http` requests, `timer`, `storage` and `queue` records, and an
 * `event` fallback for any other recognised event. Queue routes run once per record; failures are reported
 * per record (a partial batch response on Lambda SQS with `reportBatchItemFailures`).
 */
export function on(routes: EventRoutes, options?: OnOptions): EntryFunction {
  return onWith(providersWithEvents, routes, options)
}

/**
 * Runs the same handler (an entry from `handle()`/`serve()`, or an app) as a plain Node HTTP server: SCF web
 * functions, FC custom runtimes and web functions, containers. Port from `PORT`, else 8000 on FunctionGraph, else 9000; graceful shutdown
 * on SIGTERM.
 */
export function listen(target: EntryFunction | ServableApp | PromiseLike<ServableApp>, options?: ListenOptions): Promise<ListeningServer> {
  return listenWith(webProviders, target, options)
}
