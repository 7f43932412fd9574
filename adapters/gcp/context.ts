import { isRecord, type InvocationInfo } from '../../src/model/index.js'

// Cloud Run functions pass no context object: an HTTP function gets the request (whose headers carry the execution
// id and the trace context), a CloudEvent function the event (its `id`, and `traceparent` when the request had
// one). The rest is the environment Cloud Run sets for every instance
// (https://cloud.google.com/run/docs/container-contract#env-vars and
// https://cloud.google.com/functions/docs/configuring/env-var#runtime_environment_variables_set_automatically):
// `K_SERVICE` (the function's service), `K_REVISION`, `FUNCTION_TARGET` (the entry point), and
// `CLOUD_RUN_TIMEOUT_SECONDS`, which the Functions Framework also reads as the request timeout when set.

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function header(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined
  const value = headers[name]
  return str(Array.isArray(value) ? value[0] : value)
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/
// `TRACE_ID/SPAN_ID;o=OPTIONS`, the span id in decimal (https://cloud.google.com/trace/docs/trace-context).
const CLOUD_TRACE = /^([0-9a-fA-F]{32})\/(\d{1,20})(?:;o=([01]))?$/

/** The W3C `traceparent` of a request: its own, else one built from `X-Cloud-Trace-Context`. */
function traceparentOf(traceparent: string | undefined, cloudTrace: string | undefined): string | undefined {
  if (traceparent !== undefined && TRACEPARENT.test(traceparent)) return traceparent
  const match = cloudTrace === undefined ? null : CLOUD_TRACE.exec(cloudTrace)
  if (match === null) return undefined
  const span = BigInt(match[2]!)
  if (span === 0n || span >= 1n << 64n) return undefined
  return `00-${match[1]!.toLowerCase()}-${span.toString(16).padStart(16, '0')}-${match[3] === '1' ? '01' : '00'}`
}

function fromEnvironment(env: NodeJS.ProcessEnv): InvocationInfo {
  const timeout = Number(env.CLOUD_RUN_TIMEOUT_SECONDS)
  return {
    functionName: str(env.K_SERVICE) ?? str(env.FUNCTION_TARGET),
    functionVersion: str(env.K_REVISION),
    accountId: str(env.GOOGLE_CLOUD_PROJECT),
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
  }
}

/**
 * Reads a Cloud Run functions invocation: from an HTTP request, `function-execution-id` (or the framework's
 * `req.executionId`) and the trace headers; from a CloudEvent, its `id` and `traceparent`; the function from the
 * environment.
 */
export function describeGcpInvocation(_context: unknown, event: unknown, env: NodeJS.ProcessEnv = process.env): InvocationInfo {
  const info = fromEnvironment(env)
  if (!isRecord(event)) return info
  if (typeof event.specversion === 'string') {
    info.requestId = str(event.id)
    info.traceparent = traceparentOf(str(event.traceparent), undefined)
    return info
  }
  const headers = event.headers
  info.requestId = str(event.executionId) ?? header(headers, 'function-execution-id')
  info.traceparent = traceparentOf(header(headers, 'traceparent'), header(headers, 'x-cloud-trace-context'))
  return info
}
