import { AppNotSupportedError, describeValue, type BinaryPredicate, type Completion, type HttpRequest, type Invocation } from '../model/index.js'
import { runFetch, type FetchHandler } from './fetch.js'
import { runListener, type NodeListener } from './listener.js'
import { loadHttp } from './node-http.js'

/** An object with a fetch-style `fetch` method, such as a Hono app. */
export interface FetchApp {
  /** Answers one request: gets the WHATWG `Request`, `env` (`FetchEnv`) and `ctx` (`FetchExecutionContext`). */
  fetch(request: Request, env?: any, ctx?: any): Response | Promise<Response>
}

/** A Koa application (2 or 3), or anything with a `callback()` that returns a Node listener. */
export interface CallbackApp {
  /** Returns the app's Node `(req, res)` listener; faasport calls it once, at init. */
  callback(): NodeListener
  /** Adds middleware (Koa's `app.use`); its presence tells a Koa-style app from other objects. */
  use(...args: any[]): unknown
}

/** A Node `http.Server` (or anything with `request` listeners); its first request listener is served. */
export interface RequestListenerHost {
  /** The server's `request` listeners (`http.Server#listeners`); the first one is served. */
  listeners(event: 'request'): Function[]
}

/** Everything `serve()` runs: Express 4/5, Koa 2/3, a `(req, res)` listener, a fetch function or a `{ fetch }` app. */
export type ServableApp = NodeListener | ((request: Request) => Response | Promise<Response>) | FetchApp | CallbackApp | RequestListenerHost

/** How `serve()` calls the app: Node `(req, res)` or fetch `(Request) => Response`. */
export type AppKind = 'node' | 'fetch'

/** Runs one request through the resolved app and hands the answer (or the failure) to `done`. */
export type AppRunner = <T>(request: HttpRequest, invocation: Invocation, done: Completion<T>) => T | Promise<T>

interface RunnerSettings {
  debug: boolean
  isBinary: BinaryPredicate | undefined
  kind: AppKind | undefined
}

function nodeRunner(listener: NodeListener, settings: RunnerSettings): AppRunner {
  let http = loadHttp()
  return (request, invocation, done) => {
    if (http instanceof Promise) return http.then((mod) => runListener((http = mod), listener, request, invocation, settings, done))
    return runListener(http, listener, request, invocation, settings, done)
  }
}

function fetchRunner(handler: FetchHandler, settings: RunnerSettings): AppRunner {
  return (request, invocation, done) => runFetch(handler, request, invocation, settings.isBinary, done)
}

/** What an app resolves to: a Node listener, or a fetch handler. */
export type AppTarget = { kind: 'node'; listener: NodeListener } | { kind: 'fetch'; handler: FetchHandler }

/**
 * Works out what kind of app this is, once, at init. A function is a Node listener when it declares two or
 * more parameters (Express apps declare three) and a fetch handler when it declares one or none; `kind`
 * overrides the guess.
 */
export function appTarget(app: unknown, kind: AppKind | undefined): AppTarget {
  if (typeof app === 'function') {
    return (kind ?? (app.length >= 2 ? 'node' : 'fetch')) === 'node' ? { kind: 'node', listener: app as NodeListener } : { kind: 'fetch', handler: app as FetchHandler }
  }
  if (typeof app === 'object' && app !== null) {
    const candidate = app as Partial<FetchApp & CallbackApp & RequestListenerHost>
    if (typeof candidate.fetch === 'function' && kind !== 'node') return { kind: 'fetch', handler: candidate.fetch.bind(app) as FetchHandler }
    if (typeof candidate.callback === 'function' && typeof candidate.use === 'function') return { kind: 'node', listener: candidate.callback() }
    if (typeof candidate.listeners === 'function') {
      const listener = candidate.listeners('request')[0]
      if (typeof listener === 'function') return { kind: 'node', listener: listener as NodeListener }
    }
  }
  throw new AppNotSupportedError(describeValue(app))
}

/** The runner for an app, resolved once at init: through the in-memory bridge, or the fetch bridge. */
export function resolveApp(app: unknown, settings: RunnerSettings): AppRunner {
  const target = appTarget(app, settings.kind)
  return target.kind === 'node' ? nodeRunner(target.listener, settings) : fetchRunner(target.handler, settings)
}
