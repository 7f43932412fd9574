import { adapterName, logSafely, type HttpAdapter, type Logger, type NormalizedResult } from '../model/index.js'

// A buffered result larger than its platform accepts is refused by the platform after the fact: the client gets
// a bare 502 and the log says nothing useful. So the result is measured before it is returned, as the JSON the
// runtime will send (base64 bodies at their encoded size), and replaced by a small 502 that names the limit.

/**
 * Room for everything but the body (status, headers, cookies) when judging by the body alone: more than any gateway
 * takes in headers (API Gateway 10 KB), so an answer whose headers would not fit is refused there anyway.
 */
const HEAD_ROOM = 64 * 1024

/**
 * The size in bytes of `platformResult` as JSON when it is over `limit`, else undefined. Only a body long enough
 * to come near the limit is measured exactly (JSON escapes at most multiply a string's length by 6): for nearly
 * every answer this is one length check.
 */
export function oversize(platformResult: unknown, limit: number): number | undefined {
  if (limit === Infinity) return undefined
  const body = (platformResult as { body?: unknown } | null)?.body
  const bodyLength = typeof body === 'string' ? body.length : 0
  if (bodyLength * 6 + HEAD_ROOM <= limit) return undefined
  let size: number
  try {
    size = Buffer.byteLength(JSON.stringify(platformResult))
  } catch {
    return undefined // Not serializable: the platform will say so itself.
  }
  return size > limit ? size : undefined
}

/** The size in bytes of a result's body when it is over `limit` (for platforms that take the body as bytes), else undefined. */
export function oversizeBody(result: NormalizedResult, limit: number): number | undefined {
  const body = result.body
  if (body === undefined || limit === Infinity) return undefined
  // A UTF-8 string takes at most three bytes per UTF-16 unit.
  if (typeof body === 'string' && body.length * 3 <= limit) return undefined
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  return size > limit ? size : undefined
}

/** The one log line for a refused answer: its size, the limit, the request and what to do instead. */
export function logOversize(logger: Logger, requestId: string, request: string, adapter: HttpAdapter, size: number, limit: number, configured: boolean): void {
  const whose = configured ? 'maxResponseBytes allows' : `${adapter.resultLimit?.platform ?? adapterName(adapter)} accepts`
  const advice = adapter.resultLimit ? ` Instead, ${adapter.resultLimit.advice}.` : ''
  logSafely(
    logger,
    'error',
    `faasport: request ${requestId}: ${request}: the answer takes ${size} bytes as the ${adapterName(adapter)} result, over the ${limit} bytes ${whose}; answered 502.${advice} (maxResponseBytes sets the limit)`,
  )
}
