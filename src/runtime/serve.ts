import { resolveApp, type AppKind, type AppRunner, type ServableApp } from '../bridge/app.js'
import type { Provider, StreamingPlatform } from '../model/index.js'
import type { EntryFunction, HttpRunner } from './entry.js'
import { createHttpEntry } from './http-entry.js'
import { readStreamOption, resolveOptions, type EntryOptions, type ResolvedOptions, type StreamOption } from './options.js'

/** Options for `serve()`. */
export interface ServeOptions extends EntryOptions, StreamOption {
  /** How to call the app when guessing from its shape is not enough: `node` `(req, res)` or `fetch` `(Request)`. */
  kind?: AppKind
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

/** Runs an app (or, once it resolves, a promise of one) for each request. */
export function appRunner(app: ServableApp | PromiseLike<ServableApp>, options: ResolvedOptions, kind: AppKind | undefined): HttpRunner {
  const settings = { debug: options.debug, isBinary: options.isBinary, kind }
  let runner: AppRunner | Promise<AppRunner>
  if (isThenable(app)) {
    // Started now, during init; invocations that arrive first wait for it.
    const pending = Promise.resolve(app).then((ready) => resolveApp(ready, settings))
    runner = pending
    pending.then(
      (ready) => (runner = ready),
      () => {}, // each invocation reports the failure through its own 500
    )
  } else {
    runner = resolveApp(app, settings)
  }
  return (request, invocation, done) =>
    runner instanceof Promise
      ? runner.then((ready) => ready(request, invocation, done), (error: unknown) => done.fail(error))
      : runner(request, invocation, done)
}

/** `serve()` bound to a set of providers (and the platform that streams, if any); each entry point binds its own. */
export function serveWith(
  providers: readonly Provider[],
  app: ServableApp | PromiseLike<ServableApp>,
  options?: ServeOptions,
  streaming?: StreamingPlatform,
): EntryFunction {
  const stream = readStreamOption(options?.stream, 'serve()')
  const resolved = resolveOptions(options)
  return createHttpEntry(providers, resolved, appRunner(app, resolved, options?.kind), { app, kind: options?.kind }, stream, streaming)
}
