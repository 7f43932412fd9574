import { azureProvider, azureProviderWithEvents } from '../adapters/azure/index.js'
import { fcProvider, fcProviderWithEvents } from '../adapters/fc/index.js'
import { gcpProvider, gcpProviderWithEvents } from '../adapters/gcp/index.js'
import { huaweiProvider, huaweiProviderWithEvents } from '../adapters/huawei/index.js'
import { lambdaProvider, lambdaProviderWithEvents } from '../adapters/lambda/index.js'
import { lambdaStreaming } from '../adapters/lambda/streaming.js'
import { scfProvider, scfProviderWithEvents } from '../adapters/scf/index.js'
import type { ServableApp } from './bridge/app.js'
import type { EntryFunction } from './runtime/entry.js'
import { handleWith, type HandleOptions, type HttpHandler } from './runtime/handle.js'
import { onWith, type EventRoutes, type OnOptions } from './runtime/on.js'
import { listenWith, type ListenOptions, type ListeningServer } from './runtime/listen.js'
import { serveWith, type ServeOptions } from './runtime/serve.js'
import { webProviders } from './entries/web-providers.js'

export * from './shared-exports.js'
export { initializer, type InitializerFunction } from '../adapters/fc/initializer.js'

// Every provider faasport supports, in detection order. Azure and FunctionGraph are recognised by their context
// (an Azure queue message or a FunctionGraph APIG event can look like another cloud's event), so they come first;
// Cloud Run functions last, as its fallback takes any CloudEvent that arrives without a context.
const providers = [azureProvider, huaweiProvider, lambdaProvider, fcProvider, scfProvider, gcpProvider]
// on() also reads timers, storage and queues; only bundles that call it carry those readers.
const providersWithEvents = [azureProviderWithEvents, huaweiProviderWithEvents, lambdaProviderWithEvents, fcProviderWithEvents, scfProviderWithEvents, gcpProviderWithEvents]

/**
 * Turns a plain handler `(request, invocation) => result` into the platform entry function. The provider and
 * trigger are detected per event, so the same export serves every supported cloud. Never loads `node:http`.
 */
export function handle(handler: HttpHandler, options?: HandleOptions): EntryFunction {
  return handleWith(providers, handler, options, lambdaStreaming)
}

/**
 * Runs an existing app as the platform entry function: Express 4/5, Koa 2/3, any `(req, res)` listener, a
 * fetch handler or an object with `fetch` (Hono), or a promise of one (started at cold start).
 */
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
