import { createHeaders, statusText, type Logger, type NormalizedResult } from '../model/index.js'

interface HttpishError {
  status?: unknown
  statusCode?: unknown
  expose?: unknown
  message?: unknown
  stack?: unknown
}

/**
 * The status an error asks for: faasport's typed errors and `http-errors`-style errors (`status` or
 * `statusCode` from 400 to 599) keep theirs; anything else is a 500.
 */
export function errorStatus(error: unknown): number {
  const e = error as HttpishError | null | undefined
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500
}

/** Whether an error's message may reach the client: client errors do unless they say `expose: false` (http-errors). */
function exposes(error: unknown, status: number): boolean {
  return status < 500 && (error as HttpishError).expose !== false
}

/**
 * The response for a failed invocation: the status the error asks for and a JSON body that names the
 * problem for client errors and stays generic for server errors (message and stack only with `debug`).
 * Logs once: server errors with their stack, client errors as a warning line.
 */
export function errorResult(error: unknown, debug: boolean, logger: Logger): NormalizedResult {
  const status = errorStatus(error)
  const e = (error ?? {}) as HttpishError
  const message = typeof e.message === 'string' ? e.message : String(error)
  const payload: Record<string, unknown> = { error: statusText(status) }
  if (exposes(error, status) || debug) payload.message = message
  if (debug && typeof e.stack === 'string') payload.stack = e.stack
  if (status >= 500) logger.error('faasport: the handler failed', error)
  else logger.warn(`faasport: ${status} ${message}`)
  const headers = createHeaders()
  headers['content-type'] = 'application/json; charset=utf-8'
  return { statusCode: status, headers, cookies: [], body: JSON.stringify(payload), isBase64Encoded: false }
}

/** The answer when a Node app passes a request on without handling it (Express/Connect `next()` at the end). */
export function notFoundResult(method: string, path: string): NormalizedResult {
  const headers = createHeaders()
  headers['content-type'] = 'application/json; charset=utf-8'
  const body = JSON.stringify({ error: statusText(404), message: `Cannot ${method} ${path}` })
  return { statusCode: 404, headers, cookies: [], body, isBase64Encoded: false }
}
