import { isLogger, isRecord, type HttpHeaders, type InvocationInfo } from '../../src/model/index.js'

// FC's context: { requestId, credentials, function: { name, memory, timeout, ... }, service: { name?, qualifier,
// versionId? }, region, accountId, logger }. FC 3.0 has no service name. The STS credentials are never read here:
// they stay in the raw context only.

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined
}

/** Reads an FC 2.0 or 3.0 context. */
export function describeFcContext(context: unknown): InvocationInfo {
  if (!isRecord(context)) return {}
  const fn = isRecord(context.function) ? context.function : {}
  const service = isRecord(context.service) ? context.service : {}
  const timeout = positive(fn.timeout)
  return {
    requestId: str(context.requestId),
    functionName: str(fn.name),
    functionVersion: str(service.qualifier) ?? str(service.versionId),
    namespace: str(service.name),
    memoryLimitMB: positive(fn.memory),
    region: str(context.region),
    accountId: str(context.accountId),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    logger: isLogger(context.logger) ? context.logger : undefined,
  }
}

/** One header's value; an empty value counts as absent (FC sends `x-fc-service-name: ""` on FC 3.0). */
function header(headers: HttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return str(typeof value === 'string' ? value : value?.[0])
}

/**
 * Reads the request headers FC adds in front of custom runtimes and web functions. FC documents
 * `x-fc-request-id`, `x-fc-function-name`, `x-fc-function-memory`, `x-fc-region`, `x-fc-account-id`,
 * `x-fc-qualifier`, `x-fc-version-id` and `x-fc-service-name` (FC 2.0); `x-fc-function-timeout` is not in the
 * table but FC sends it (seconds), so the deadline uses it when present. The `x-fc-access-key-*` and
 * `x-fc-security-token` headers carry the function's STS credentials: they stay in the request for the app and
 * are never read or logged here.
 */
export function describeFcWebRequest(headers: HttpHeaders): InvocationInfo | undefined {
  const requestId = header(headers, 'x-fc-request-id')
  if (requestId === undefined) return undefined
  const timeout = positive(header(headers, 'x-fc-function-timeout'))
  return {
    requestId,
    functionName: header(headers, 'x-fc-function-name'),
    functionVersion: header(headers, 'x-fc-qualifier') ?? header(headers, 'x-fc-version-id'),
    namespace: header(headers, 'x-fc-service-name'),
    memoryLimitMB: positive(header(headers, 'x-fc-function-memory')),
    region: header(headers, 'x-fc-region'),
    accountId: header(headers, 'x-fc-account-id'),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
  }
}
