import type * as Http from 'node:http'
import type { AddressInfo } from 'node:net'
import { appTarget, type AppKind, type AppTarget, type ServableApp } from '../bridge/app.js'
import { ReaderGoneError } from '../bridge/body-source.js'
import { runFetch } from '../bridge/fetch.js'
import { loadHttp } from '../bridge/node-http.js'
import { unansweredResult } from '../bridge/unanswered.js'
import { BodyTooLargeError, ClientAbortError, declaresTooLarge, fromServerRequest, headersOf, writeHead, writeResult } from '../bridge/server-request.js'
import { StreamBodyWriter } from '../bridge/stream-writer.js'
import {
  errorResult,
  notFoundResult,
  type BodyWriter,
  type Completion,
  type HttpHeaders,
  type HttpRequest,
  type InvocationInfo,
  type NormalizedResult,
  type Provider,
  type ResponseHead,
} from '../model/index.js'
import { Connections } from './connections.js'
import { httpRouteOf, type EntryFunction, type HttpRoute } from './entry.js'
import { InvocationRecord, storage, takeColdStart } from './invocation.js'
import { resolveBodyLimit, resolvePort } from './listen-options.js'
import { overrideOptions, resolveOptions, type EntryOptions, type ResolvedOptions } from './options.js'
import { closeOnSignals } from './signals.js'

/** Options for `listen()`. Options given here override those of an entry from `handle()`/`serve()`. */
export interface ListenOptions extends EntryOptions {
  /**
   * The port to listen on (0 picks a free one). Default the `PORT` environment variable, else 8000 on FunctionGraph
   * (its HTTP functions' port, when `RUNTIME_FUNC_NAME` and `RUNTIME_PROJECT_ID` say it runs there), else 9000 (SCF
   * web functions, FC custom runtimes).
   */
  port?: number
  /** The address to bind. Default `0.0.0.0`. */
  host?: string
  /** How to call an app when guessing from its shape is not enough. */
  kind?: AppKind
  /**
   * The largest request body accepted, in bytes; larger ones get a 413 and never reach the handler (a Node app
   * gets the check on `content-length`, and reads the body itself). Default 6 MiB, the payload limit of SCF and
   * Lambda event functions. `Infinity` turns it off.
   */
  maxBodyBytes?: number
  /** Shut down gracefully on SIGTERM and SIGINT, then exit the process (once every such server has finished). Default true. */
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
  /** `http://host:port`, with a loopback address when bound to every interface. */
  readonly url: string
  /** Stops accepting, closes idle connections, closes each busy one as soon as its response is sent, and resolves then. */
  close(): Promise<void>
}

interface ServerSettings {
  options: ResolvedOptions
  maxBodyBytes: number
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

// An error of the app's own reading of the request, because the client went away.
function isClientAbort(req: Http.IncomingMessage, error: unknown): boolean {
  if (error instanceof ClientAbortError) return true
  const e = error as { code?: unknown; type?: unknown } | null | undefined
  return req.socket.destroyed && (e?.code === 'ECONNRESET' || e?.code === 'ECONNABORTED' || e?.type === 'request.aborted')
}

/** Answers a failed request; a client that went away is logged at debug level and gets nothing. */
function respondWithError(req: Http.IncomingMessage, res: Http.ServerResponse, error: unknown, options: ResolvedOptions, invocation: InvocationRecord): void {
  if (isClientAbort(req, error)) {
    invocation.logger.debug(`faasport: ${req.method} ${(req.url ?? '/').split('?')[0]}: the client closed the connection before its request arrived`)
    return
  }
  if (res.headersSent) {
    // As finalhandler does: the connection is cut, so the client cannot take a cut-short response for a whole one.
    invocation.logger.error('faasport: the app failed after it started responding', error)
    if (!res.writableEnded) res.destroy()
    return
  }
  // The rest of an unread body is not waited for: the connection closes after the answer.
  if (error instanceof BodyTooLargeError) res.shouldKeepAlive = false
  writeResult(res, errorResult(error, options.debug, invocation.logger))
}

// A Node app gets the real request and response, untouched.
function nodeServer(target: Extract<AppTarget, { kind: 'node' }>, options: ResolvedOptions): Serve {
  const listener = target.listener
  return (req, res, invocation) =>
    new Promise<void>((resolve) => {
      res.once('close', () => resolve())
      const fail = (error: unknown) => respondWithError(req, res, error, options, invocation)
      const next =
        listener.length >= 3
          ? (error?: unknown) => {
              if (error !== undefined && error !== null) fail(error)
              // An app that answered and then called next() keeps its answer (finalhandler ignores a late 404).
              else if (!res.headersSent) writeResult(res, notFoundResult(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!))
            }
          : undefined
      const returnedValue = (value: unknown) => {
        const error = unansweredResult(value, res, 'listen()')
        if (error !== undefined) fail(error)
      }
      try {
        const returned = listener(req, res, next) as unknown
        if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') (returned as PromiseLike<unknown>).then(returnedValue, fail)
        else if (returned !== undefined) returnedValue(returned)
      } catch (error) {
        fail(error)
      }
    })
}

/**
 * The answer of a plain handler or fetch app, written to the real response: a whole answer at once, a streamed
 * one head first and then each chunk as it comes, with the socket's backpressure. A client that disconnects
 * closes the writer, which stops the body's source.
 */
class ServerCompletion implements Completion<void | Promise<void>> {
  constructor(
    readonly req: Http.IncomingMessage,
    readonly res: Http.ServerResponse,
    readonly options: ResolvedOptions,
    readonly invocation: InvocationRecord,
  ) {}

  complete(result: NormalizedResult): void {
    if (!this.res.headersSent && !this.res.destroyed) writeResult(this.res, result)
  }

  fail(error: unknown): void {
    respondWithError(this.req, this.res, error, this.options, this.invocation)
  }

  open(head: ResponseHead): BodyWriter<void | Promise<void>> {
    const { req, res, invocation } = this
    writeHead(res, head)
    // The head goes out now, not with the first chunk: an SSE client sees its connection open.
    res.flushHeaders()
    return new StreamBodyWriter(res, {
      ended: () => {},
      failed: (error) => {
        if (error instanceof ReaderGoneError) invocation.logger.debug(`faasport: ${req.method} ${(req.url ?? '/').split('?')[0]}: ${error.message}`)
        else invocation.logger.error('faasport: the app failed after it started responding', error)
        // As finalhandler does: the connection is cut, so the client cannot take a cut-short body for a whole one.
        if (!res.writableFinished) res.destroy()
        return Promise.resolve()
      },
    })
  }
}

type ModelRunner = (request: HttpRequest, invocation: InvocationRecord, done: Completion<void | Promise<void>>) => unknown

// Plain handlers and fetch apps work on faasport's request model, read from the real request.
function modelServer(run: ModelRunner, settings: ServerSettings): Serve {
  const { options, maxBodyBytes } = settings
  return async (req, res, invocation, headers) => {
    const done = new ServerCompletion(req, res, options, invocation)
    let request: HttpRequest
    try {
      request = await fromServerRequest(req, headers, invocation.context, options.request, maxBodyBytes)
    } catch (error) {
      return done.fail(error)
    }
    try {
      await run(request, invocation, done)
    } catch (error) {
      done.fail(error)
    }
  }
}

async function serverFor(target: unknown, route: HttpRoute | undefined, kind: AppKind | undefined, settings: ServerSettings): Promise<Serve> {
  if (route && route.app === undefined) return modelServer((request, invocation, done) => route.run(request, invocation, done), settings)
  const resolved = appTarget(await (route ? route.app : target), route?.kind ?? kind)
  if (resolved.kind === 'node') return nodeServer(resolved, settings.options)
  const isBinary = settings.options.isBinary
  return modelServer((request, invocation, done) => runFetch(resolved.handler, request, invocation, isBinary, done), settings)
}

function urlOf(host: string, port: number): string {
  const address = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host
  return `http://${address}:${port}`
}

/**
 * Runs the same handler as a plain Node HTTP server: for SCF web functions, FC custom runtimes and web
 * functions, and any container platform. `target` is what you export elsewhere (an entry from `handle()`,
 * `serve()`, or `on()` with an `http` route), or an app `serve()` takes. Each request runs as an invocation
 * whose details come from the platform's request headers (`x-scf-request-id`, `x-fc-request-id`...) where present.
 */
export async function listenWith(
  providers: readonly Provider[],
  target: EntryFunction | ServableApp | PromiseLike<ServableApp>,
  listenOptions: ListenOptions = {},
): Promise<ListeningServer> {
  const route = httpRouteOf(target)
  if (route === null) throw new TypeError('faasport: listen() got an on() entry without an http route: give it one, on({ http: handler, ... })')
  const options = route ? overrideOptions(route.options, listenOptions) : resolveOptions(listenOptions)
  let platformPort: number | undefined
  for (const provider of providers) platformPort ??= provider.webPort?.(process.env)
  const port = resolvePort(listenOptions.port, process.env.PORT, platformPort)
  const maxBodyBytes = resolveBodyLimit(listenOptions.maxBodyBytes)
  const host = listenOptions.host ?? '0.0.0.0'
  const serve = await serverFor(target, route, listenOptions.kind, { options, maxBodyBytes })
  const http = await loadHttp()

  const onRequest = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
    connections.track(req, res)
    const headers = headersOf(req)
    const { name, info } = describeRequest(providers, headers)
    const provider: Provider = { name, adapters: [], describe: () => info }
    const invocation = new InvocationRecord(provider, 'web-function', undefined, req, takeColdStart(), options.deadlineMarginMs, options.logger)
    if (declaresTooLarge(req, maxBodyBytes)) {
      respondWithError(req, res, new BodyTooLargeError(maxBodyBytes), options, invocation)
      return invocation.end()
    }
    void storage.run(invocation, serve, req, res, invocation, headers).finally(() => invocation.end())
  }
  const server = http.createServer(onRequest)
  const connections = new Connections(server)
  // A client that waits for `100 Continue` before sending a body too large is refused before it sends it.
  server.on('checkContinue', (req: Http.IncomingMessage, res: Http.ServerResponse) => {
    if (!declaresTooLarge(req, maxBodyBytes)) res.writeContinue()
    onRequest(req, res)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })

  const shutdownTimeoutMs = listenOptions.shutdownTimeoutMs ?? 10_000
  let unregister: (() => void) | undefined
  const close = () => {
    unregister?.()
    return connections.close(shutdownTimeoutMs)
  }
  if (listenOptions.handleSignals !== false) unregister = closeOnSignals({ close, logger: options.logger ?? console })

  const address = server.address() as AddressInfo
  return { server, port: address.port, host, url: urlOf(host, address.port), close }
}
