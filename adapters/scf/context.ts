import { isRecord, type HttpHeaders, type InvocationInfo } from '../../src/model/index.js'

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined
}

/** Reads the SCF context: snake_case fields and `getRemainingTimeInMillis()` where the runtime has it. */
export function describeScfContext(context: unknown): InvocationInfo {
  if (!isRecord(context)) return {}
  const remaining = context.getRemainingTimeInMillis
  return {
    requestId: str(context.request_id),
    functionName: str(context.function_name),
    functionVersion: str(context.function_version),
    namespace: str(context.namespace),
    memoryLimitMB: positive(context.memory_limit_in_mb),
    region: str(context.tencentcloud_region),
    accountId: str(context.tencentcloud_appid),
    timeoutMs: positive(context.time_limit_in_ms),
    remainingTimeMs: typeof remaining === 'function' ? (remaining as () => number).bind(context) : undefined,
  }
}

/**
 * SCF web functions carry the request id in `x-scf-request-id`; the rest comes from the environment the
 * platform sets for the function (`SCF_FUNCTIONNAME`, `SCF_NAMESPACE`, `TENCENTCLOUD_REGION`, ...).
 */
export function describeScfWebRequest(headers: HttpHeaders, env: NodeJS.ProcessEnv = process.env): InvocationInfo | undefined {
  const id = headers['x-scf-request-id']
  const requestId = typeof id === 'string' ? id : id?.[0]
  if (requestId === undefined) return undefined
  return {
    requestId,
    functionName: env.SCF_FUNCTIONNAME,
    functionVersion: env.SCF_FUNCTIONVERSION,
    namespace: env.SCF_NAMESPACE,
    memoryLimitMB: positive(env.SCF_MEMORY_SIZE),
    region: env.TENCENTCLOUD_REGION,
    accountId: env.TENCENTCLOUD_APPID,
  }
}
