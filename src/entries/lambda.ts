import { lambdaProvider } from '../../adapters/lambda/index.js'
import type { ServableApp } from '../bridge/app.js'
import type { EntryFunction } from '../runtime/entry.js'
import { handleWith, type HttpHandler } from '../runtime/handle.js'
import type { EntryOptions } from '../runtime/options.js'
import { serveWith, type ServeOptions } from '../runtime/serve.js'

export * from '../shared-exports.js'

const providers = [lambdaProvider]

/**
 * Turns a plain handler into an AWS Lambda entry function for API Gateway (REST and HTTP API), Function URLs
 * and ALB. Never loads `node:http`.
 */
export function handle(handler: HttpHandler, options?: EntryOptions): EntryFunction {
  return handleWith(providers, handler, options)
}

/** Runs an Express, Koa, Node-listener or fetch-style app (or a promise of one) as an AWS Lambda entry function. */
export function serve(app: ServableApp | PromiseLike<ServableApp>, options?: ServeOptions): EntryFunction {
  return serveWith(providers, app, options)
}
