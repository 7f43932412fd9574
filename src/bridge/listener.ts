import type * as Http from 'node:http'
import { headerString, type BinaryPredicate, type HttpRequest, type Invocation, type NormalizedResult } from '../model/index.js'
import { errorResult, notFoundResult } from '../runtime/errors.js'
import { createIncomingMessage } from './node-request.js'
import { collectResponse, createServerResponse } from './node-response.js'
import { BridgeSocket } from './socket.js'

/**
 * A Node request listener: an Express or Connect app, a Koa `app.callback()`, or any `(req, res)` function.
 * Listeners that take a third parameter get `next`, so their unhandled errors and unmatched routes come back
 * to faasport instead of a default handler that would print stacks.
 */
export type NodeListener = (req: Http.IncomingMessage, res: Http.ServerResponse, next?: (error?: unknown) => void) => unknown

interface ListenerSettings {
  debug: boolean
  isBinary: BinaryPredicate | undefined
}

/** Runs one request through a Node listener on an in-memory socket and collects what it answered. */
export function runListener(
  http: typeof Http,
  listener: NodeListener,
  request: HttpRequest,
  invocation: Invocation,
  settings: ListenerSettings,
): Promise<NormalizedResult> {
  const socket = new BridgeSocket(request.sourceIp, headerString(request.headers, 'x-forwarded-proto') !== 'http')
  const req = createIncomingMessage(http.IncomingMessage, request, socket)
  const res = createServerResponse(http.ServerResponse, req, socket)

  return new Promise<NormalizedResult>((resolve) => {
    let settled = false
    const settle = (result: NormalizedResult) => {
      if (settled) return
      settled = true
      resolve(result)
    }
    res.once('finish', () => settle(collectResponse(res, request.method, settings.isBinary)))
    socket.onDestroy = () => {
      // An ended response still finishes (on the next tick); only one given up unfinished is a 502.
      if (!res.writableEnded) {
        settle(errorResult({ status: 502, message: 'the app closed the response without finishing it' }, settings.debug, invocation.logger))
      }
    }
    const fail = (error: unknown) => {
      if (settled || res.headersSent) {
        // Too late for an error response: log it and finish what was started.
        invocation.logger.error('faasport: the app failed after it started responding', error)
        if (!res.writableEnded) res.end()
        return
      }
      settle(errorResult(error, settings.debug, invocation.logger))
    }
    const next =
      listener.length >= 3
        ? (error?: unknown) => (error !== undefined && error !== null ? fail(error) : settle(notFoundResult(request.method, request.path)))
        : undefined
    try {
      const returned = listener(req, res, next) as PromiseLike<unknown> | undefined
      if (typeof returned?.then === 'function') returned.then(undefined, fail)
    } catch (error) {
      fail(error)
    }
  })
}
