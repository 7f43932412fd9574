import type * as Http from 'node:http'
import type { AddressInfo } from 'node:net'
import { appTarget, type AppKind, type AppTarget, type ServableApp } from '../bridge/app.js'
import { runFetch } from '../bridge/fetch.js'
import { loadHttp } from '../bridge/node-http.js'
import { fromServerRequest, headersOf, writeResult } from '../bridge/server-request.js'
import type { HttpHeaders, InvocationInfo, NormalizedResult, Provider } from '../model/index.js'
import { httpRouteOf, type EntryFunction, type HttpRoute } from './entry.js'
import { errorResult, notFoundResult } from './errors.js'
import { InvocationRecord, storage, takeColdStart } from './invocation.js'
import { resolveOptions, type EntryOptions, type ResolvedOptions } from './options.js'

/** Options for `listen()`. */
export interface ListenOptions extends EntryOptions {
  /** The port to listen on. Default the `PORT` environment variable, else 9000 (SCF web functions, FC custom runtimes). */
  port?: number
  /** The address to bind. Default `0.0.0.0`. */
  host?: string
  /** How to call an app when guessing from its shape is not enough. */
  kind?: AppKind
  /** Shut down gracefully on SIGTERM and SIGINT, then exit the process. Default true. */
  handleSignals?: boolean
  /** How long a graceful shutdown waits for in-flight requests before closing their connections, in ms. Default 10 000. */
  shutdownTimeoutMs?: number
}

/** A running `listen()` server. */
export interface ListeningServer {
  /** The underlying Node server. */
  readonly server: Http.Server
  /** The port it is bound to (useful with `port: 0`). */
  readonly port: number
  /** The address it is bound to (the `host` option). */
  readonly host: string
  /** `http://host:port`. */
  readonly url: string
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive connections. */
  close(): Promise<void>
}

type Serve = (req: Http.IncomingMessage, res: Http.ServerResponse, invocation: InvocationRecord, headers: HttpHeaders) => Promise<void>

function describeRequest(providers: readonly Provider[], headers: HttpHeaders): { name: Provider['name']; info: InvocationInfo } {
  for (const provider of providers) {
    const info = provider.describeWebRequest?.(headers)
    if (info) return { name: provider.name, info }
  }
  const id = headers['x-request-id']
  return { name: 'web', info: { requestId: typeof id === 'string' ? id : id?.[0] } }
}

function respondWithError(res: Http.ServerResponse, error: unknown, options: ResolvedOptions, invocation: InvocationRecord): void {
  if (res.headersSent) {
    invocation.logger.error('faasport: the app failed after it started responding', error)
    if (!res.writableEnded) res.end()
    return
  }
  writeResult(res, errorResult(error, options.debug, invocation.logger))
}

// A Node app gets the real request and response, untouched.
function nodeServer(target: Extract<AppTarget, { kind: 'node' }>, options: ResolvedOptions): Serve {
  const listener = target.listener
  return (req, res, invocation) =>
    new Promise<void>((resolve) => {
      res.once('close', () => resolve())
      const fail = (error: unknown) => respondWithError(res, error, options, invocation)
      const next =
        listener.length >= 3
          ? (error?: unknown) => (error !== undefined && error !== null ? fail(error) : writeResult(res, notFoundResult(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!)))
          : undefined
      try {
        const returned = listener(req, res, next) as PromiseLike<unknown> | undefined
        if (typeof returned?.then === 'function') returned.then(undefined, fail)
      } catch (error) {
        fail(error)
      }
    })
}

// Plain handlers and fetch apps work on faasport's request model, read from the real request.
function modelServer(run: (request: Awaited<ReturnType<typeof fromServerRequest>>, invocation: InvocationRecord) => NormalizedResult | Promise<NormalizedResult>, options: ResolvedOptions): Serve {
  return async (req, res, invocation, headers) => {
    let result: NormalizedResult
    try {
      result = await run(await fromServerRequest(req, headers, invocation.context, options.request), invocation)
    } catch (error) {
      result = errorResult(error, options.debug, invocation.logger)
    }
    writeResult(res, result)
  }
}

async function serverFor(target: unknown, route: HttpRoute | undefined, kind: AppKind | undefined, options: ResolvedOptions): Promise<Serve> {
  if (route && route.app === undefined) return modelServer(route.run, options)
  const resolved = appTarget(await (route ? route.app : target), route?.kind ?? kind)
  if (resolved.kind === 'node') return nodeServer(resolved, options)
  return modelServer((request, invocation) => runFetch(resolved.handler, request, invocation, options.isBinary), options)
}

/**
 * Runs the same handler as a plain Node HTTP server: for SCF web functions, FC custom runtimes and web
 * functions, and any container platform. `target` is what you export elsewhere (an entry from `handle()` or
 * `serve()`), or an app `serve()` takes. Each request runs as an invocation whose details come from the
 * platform's request headers (`x-scf-request-id`, `x-fc-request-id`...) where present.
 */
export async function listenWith(
  providers: readonly Provider[],
  target: EntryFunction | ServableApp | PromiseLike<ServableApp>,
  options: ListenOptions = {},
): Promise<ListeningServer> {
  const resolved = resolveOptions(options)
  const route = httpRouteOf(target)
  const serve = await serverFor(target, route, options.kind, route?.options ?? resolved)
  const http = await loadHttp()
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : 9000)
  const host = options.host ?? '0.0.0.0'
  let closing = false
  const active = new Set<Http.ServerResponse>()

  const server = http.createServer((req, res) => {
    const headers = headersOf(req)
    const { name, info } = describeRequest(providers, headers)
    const provider: Provider = { name, adapters: [], describe: () => info }
    const invocation = new InvocationRecord(provider, 'web-function', undefined, req, takeColdStart(), resolved.deadlineMarginMs, resolved.logger)
    // While shutting down, answered connections close instead of waiting for another request.
    if (closing) res.shouldKeepAlive = false
    active.add(res)
    void storage.run(invocation, serve, req, res, invocation, headers).finally(() => {
      active.delete(res)
      invocation.end()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })

  let closed: Promise<void> | undefined
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      closing = true
      for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false
      const force = setTimeout(() => server.closeAllConnections?.(), options.shutdownTimeoutMs ?? 10_000)
      force.unref()
      server.close(() => {
        clearTimeout(force)
        resolve()
      })
      server.closeIdleConnections?.()
    }))

  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      ;(resolved.logger ?? console).info(`faasport: ${signal}: finishing in-flight requests, then exiting`)
      void close().then(() => process.exit(0))
    }
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
  }

  const address = server.address() as AddressInfo
  return { server, port: address.port, host, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`, close }
}
