import { gcpProvider, gcpProviderWithEvents } from '../../adapters/gcp/index.js'
import type { ServableApp } from '../bridge/app.js'
import type { EntryFunction } from '../runtime/entry.js'
import { handleWith, type HandleOptions, type HttpHandler } from '../runtime/handle.js'
import { listenWith, type ListenOptions, type ListeningServer } from '../runtime/listen.js'
import { onWith, type EventRoutes, type OnOptions } from '../runtime/on.js'
import { serveWith, type ServeOptions } from '../runtime/serve.js'
import { webProviders } from './web-providers.js'

export * from '../shared-exports.js'

const providers = [gcpProvider]
const providersWithEvents = [gcpProviderWithEvents]

/** Turns a plain handler into a Google Cloud Run functions (the Functions Framework) entry function. Never loads `node:http`. */
export function handle(handler: HttpHandler, options?: HandleOptions): EntryFunction {
  return handleWith(providers, handler, options)
}

/** Runs an Express, Koa, Node-listener or fetch-style app (or a promise of one) as a Google Cloud Run functions (the Functions Framework) entry function: `functions.http('name', serve(app))`. */
export function serve(app: ServableApp | PromiseLike<ServableApp>, options?: ServeOptions): EntryFunction {
  return serveWith(providers, app, options)
}

/** Runs the same handler or app as a plain Node HTTP server on `PORT`, else 8000 on FunctionGraph, else 9000 (containers, web functions). */
export function listen(target: EntryFunction | ServableApp | PromiseLike<ServableApp>, options?: ListenOptions): Promise<ListeningServer> {
  return listenWith(webProviders, target, options)
}

/** One entry for every Google Cloud Run functions (the Functions Framework) trigger: `http`, `timer`, `storage`, `queue` and `event` routes (see the README). */
export function on(routes: EventRoutes, options?: OnOptions): EntryFunction {
  return onWith(providersWithEvents, routes, options)
}
