import { isLogger, isRecord, type HttpHeaders, type InvocationInfo } from '../../src/model/index.js'

// FunctionGraph's Node.js context is an object of getter methods (getRequestID(), getFunctionName(), ...;
// https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/scratch/context.html,
// the same table as Huawei Cloud's "Node.js SDK APIs"). It also hands out the agency's credentials
// (getAccessKey, getSecretKey, getSecurityAccessKey, getSecuritySecretKey, getSecurityToken, getToken): those
// getters are never called here, so the credentials stay in the raw context only.

/** Whether `context` is a FunctionGraph context: an object whose `getRequestID` is a method. */
export function isFunctionGraphContext(context: unknown): boolean {
  return typeof context === 'object' && context !== null && typeof (context as { getRequestID?: unknown }).getRequestID === 'function'
}

/** Calls one getter of the context; a missing getter, or one that throws, gives undefined. */
function read(context: Record<string, unknown>, name: string): unknown {
  const getter = context[name]
  if (typeof getter !== 'function') return undefined
  try {
    return (getter as () => unknown).call(context)
  } catch {
    return undefined
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined
}

// getRunningTimeInSeconds() returns milliseconds in FunctionGraph's Node.js runtime, whatever its name says: its
// context.js (the one the Node.js developer guide links, "Using the FunctionGraph context":
// https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/scratch/context.html)
// returns `RUNTIME_TIMEOUT * 1000`, 3000 by default. A value under 1000 (a timeout under a second, were it
// milliseconds) is taken as seconds, for a runtime that keeps to the name; anything else is milliseconds. Read as
// seconds, 3000 would put the fallback deadline 50 minutes out, where the platform has long killed the function.
function timeoutMsOf(value: number | undefined): number | undefined {
  if (value === undefined) return undefined
  return value < 1000 ? value * 1000 : value
}

/**
 * Reads a FunctionGraph context: request id, function name, version, memory, project id (as the account), the
 * app (`getPackage()`, as the namespace), the timeout (`getRunningTimeInSeconds()`, in milliseconds as the runtime
 * gives it; see `timeoutMsOf`), a live remaining time and the
 * context's logger when it has `debug`/`info`/`warn`/`error` (FunctionGraph documents only `info`, so a logger
 * without the others is left out and faasport logs to the console). `getRegion()` is not in the Node.js table
 * (the Go runtime's context has it); it is read only where the context has it.
 */
export function describeHuaweiContext(context: unknown): InvocationInfo {
  if (!isFunctionGraphContext(context)) return {}
  const c = context as Record<string, unknown>
  const timeout = positive(read(c, 'getRunningTimeInSeconds'))
  const logger = read(c, 'getLogger')
  return {
    requestId: str(read(c, 'getRequestID')),
    functionName: str(read(c, 'getFunctionName')),
    functionVersion: str(read(c, 'getVersion')),
    namespace: str(read(c, 'getPackage')),
    memoryLimitMB: positive(read(c, 'getMemorySize')),
    region: str(read(c, 'getRegion')),
    accountId: str(read(c, 'getProjectID')),
    timeoutMs: timeoutMsOf(timeout),
    remainingTimeMs: typeof c.getRemainingTimeInMilliSeconds === 'function' ? () => remaining(c) : undefined,
    logger: isLogger(logger) ? logger : undefined,
  }
}

/** The live remaining time; a getter that throws or returns no number reads as unknown (Infinity). */
function remaining(context: Record<string, unknown>): number {
  const ms = read(context, 'getRemainingTimeInMilliSeconds')
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.max(0, ms) : Infinity
}

/** One header's value; an empty value counts as absent. */
function header(headers: HttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return str(typeof value === 'string' ? value : value?.[0])
}

/**
 * Reads the request headers FunctionGraph adds to every request of an HTTP function (the web server on port 8000):
 * `X-CFF-Request-Id`, `X-CFF-Memory`, `X-CFF-Timeout` (seconds), `X-CFF-Func-Version`, `X-CFF-Func-Name`,
 * `X-CFF-Project-Id`, `X-CFF-Package` and `X-CFF-Region` ("Creating an HTTP Function", Common Function Request
 * Headers: https://support.huaweicloud.com/eu/usermanual-functiongraph/functiongraph_01_1442.html). Returns
 * undefined when the request carries no `x-cff-request-id`.
 */
export function describeHuaweiWebRequest(headers: HttpHeaders): InvocationInfo | undefined {
  const requestId = header(headers, 'x-cff-request-id')
  if (requestId === undefined) return undefined
  const timeout = positive(header(headers, 'x-cff-timeout'))
  return {
    requestId,
    functionName: header(headers, 'x-cff-func-name'),
    functionVersion: header(headers, 'x-cff-func-version'),
    namespace: header(headers, 'x-cff-package'),
    memoryLimitMB: positive(header(headers, 'x-cff-memory')),
    region: header(headers, 'x-cff-region'),
    accountId: header(headers, 'x-cff-project-id'),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
  }
}
