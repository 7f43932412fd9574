import { fcProvider, fcProviderWithEvents } from '../../adapters/fc/index.js'
import type { ServableApp } from '../bridge/app.js'
import type { EntryFunction } from '../runtime/entry.js'
import { handleWith, type HandleOptions, type HttpHandler } from '../runtime/handle.js'
import { listenWith, type ListenOptions, type ListeningServer } from '../runtime/listen.js'
import { onWith, type EventRoutes, type OnOptions } from '../runtime/on.js'
import { serveWith, type ServeOptions } from '../runtime/serve.js'
import { webProviders } from './web-providers.js'

export * from '../shared-exports.js'
export { initializer, type InitializerFunction } from '../../adapters/fc/initializer.js'

const providers = [fcProvider]
const providersWithEvents = [fcProviderWithEvents]

/**
 * Turns a plain handler into an Alibaba Cloud Function Compute entry function: FC 3.0 HTTP triggers, FC 2.0
 * HTTP functions `(req, resp, context)` and API Gateway. Never loads `node:http`.
 */
export function handle(handler: HttpHandler, options?: HandleOptions): EntryFunction {
  return handleWith(providers, handler, options)
}

/** Runs an Express, Koa, Node-listener or fetch-style app (or a promise of one) as a Function Compute entry function. */
export function serve(app: ServableApp | PromiseLike<ServableApp>, options?: ServeOptions): EntryFunction {
  return serveWith(providers, app, options)
}

/**
 * Runs the same handler (an entry from `handle()`/`serve()`, or an app) as a plain Node HTTP server: SCF web
 * functions, FC custom runtimes and web functions, containers. Port from `PORT`, else 8000 on FunctionGraph, else 9000; graceful shutdown
 * on SIGTERM.
 */
export function listen(target: EntryFunction | ServableApp | PromiseLike<ServableApp>, options?: ListenOptions): Promise<ListeningServer> {
  return listenWith(webProviders, target, options)
}

/** One entry for every Function Compute trigger: `http`, `timer`, `storage`, `queue` and `event` routes (see the README). */
export function on(routes: EventRoutes, options?: OnOptions): EntryFunction {
  return onWith(providersWithEvents, routes, options)
}
