import { FaasportError } from './errors.js'
import { createHeaders } from './headers.js'
import type { NormalizedResult } from './http-result.js'
import type { Logger } from './invocation.js'
import { statusText } from './status-text.js'

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
  return declaredStatus(error) ?? 500
}

/** The 4xx/5xx status an error carries itself (`status`, else `statusCode`); undefined when it carries none. */
export function declaredStatus(error: unknown): number | undefined {
  const e = error as HttpishError | null | undefined
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : undefined
}

/**
 * Whether an error's message may reach the client: faasport's own client errors (they name what was wrong with
 * the request) and errors that say `expose: true` (http-errors sets it for 4xx), as Koa decides. Any other
 * error, an SDK's `401` from an upstream call included, keeps its status but not its message.
 */
function exposes(error: unknown, status: number): boolean {
  return status < 500 && (error instanceof FaasportError || (error as HttpishError).expose === true)
}

/** `String(value)`, or a placeholder for values that refuse (`Object.create(null)`, a throwing `toString`). */
function describeThrown(value: unknown): string {
  try {
    return String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

const GENERIC_500 = JSON.stringify({ error: statusText(500) })

/**
 * The response for a failed invocation: the status the error asks for and a JSON body that names the
 * problem for faasport's own and exposed client errors and stays generic otherwise (message and stack only
 * with `debug`). Logs once: server errors with their stack, client errors as a warning line. Never throws,
 * whatever was thrown (an object without a prototype, a getter that throws, a logger that throws).
 */
export function errorResult(error: unknown, debug: boolean, logger: Logger): NormalizedResult {
  let status = 500
  let body = GENERIC_500
  let message = ''
  try {
    status = errorStatus(error)
    const e = (error ?? {}) as HttpishError
    message = typeof e.message === 'string' ? e.message : describeThrown(error)
    const payload: Record<string, unknown> = { error: statusText(status) }
    if (debug || exposes(error, status)) payload.message = message
    if (debug && typeof e.stack === 'string') payload.stack = e.stack
    body = JSON.stringify(payload)
  } catch {
    status = 500
    body = GENERIC_500
  }
  try {
    if (status >= 500) logger.error('faasport: the handler failed', error)
    else logger.warn(`faasport: ${status} ${message}`)
  } catch {
    // A logger that fails must not turn one failed request into a hang.
  }
  const headers = createHeaders()
  headers['content-type'] = 'application/json; charset=utf-8'
  return { statusCode: status, headers, cookies: [], body, isBase64Encoded: false }
}

/** The answer when a Node app passes a request on without handling it (Express/Connect `next()` at the end). */
export function notFoundResult(method: string, path: string): NormalizedResult {
  const headers = createHeaders()
  headers['content-type'] = 'application/json; charset=utf-8'
  const body = JSON.stringify({ error: statusText(404), message: `Cannot ${method} ${path}` })
  return { statusCode: 404, headers, cookies: [], body, isBase64Encoded: false }
}

/** A status with the generic JSON body that names it (`{"error":"Gateway Timeout"}`). */
function genericResult(statusCode: number): NormalizedResult {
  const headers = createHeaders()
  headers['content-type'] = 'application/json; charset=utf-8'
  return { statusCode, headers, cookies: [], body: JSON.stringify({ error: statusText(statusCode) }), isBase64Encoded: false }
}

/** The answer when the app has not answered shortly before the invocation's deadline: a 504 with a generic body. */
export function deadlineResult(): NormalizedResult {
  return genericResult(504)
}

/** The answer in place of one the platform cannot take (too large, a status or header it refuses): a 502 with a generic body. */
export function badGatewayResult(): NormalizedResult {
  return genericResult(502)
}
