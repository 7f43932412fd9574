import { isRecord, lowerName, type InvocationInfo, type Logger } from '../../src/model/index.js'

// Azure Functions (Node.js programming model v4) calls every function `(input, context)`: the context is an
// `InvocationContext` that says which trigger the function has (`options.trigger.type`). faasport never imports
// @azure/functions at run time, so the context is recognised by its shape.

/** The fields of an `InvocationContext` the adapters read. */
export interface AzureInvocationContext {
  invocationId: string
  functionName: string
  options: { trigger: { type: string; name?: string; [option: string]: unknown } }
  triggerMetadata?: Record<string, unknown>
  traceContext?: { traceParent?: string; traceState?: string; attributes?: Record<string, string> }
  retryContext?: { retryCount: number; maxRetryCount: number }
}

/**
 * The trigger type of an Azure Functions context, lower-cased (`httptrigger`, `timertrigger`...), or undefined when
 * `context` is not one: it must have `invocationId` and `functionName` strings and an `options.trigger.type`.
 */
export function azureTriggerType(context: unknown): string | undefined {
  if (!isRecord(context) || typeof context.invocationId !== 'string' || typeof context.functionName !== 'string') return undefined
  const options = context.options
  if (!isRecord(options) || !isRecord(options.trigger)) return undefined
  const type = options.trigger.type
  // Compared lower-case, as the library does; lowerName caches the few names there are.
  return typeof type === 'string' ? lowerName(type) : undefined
}

/** The trigger binding's options as registered (`queueName`, `path`, `cardinality`...), or an empty object. */
export function triggerOptions(context: unknown): Record<string, unknown> {
  const options = isRecord(context) && isRecord(context.options) && isRecord(context.options.trigger) ? context.options.trigger : undefined
  return options ?? {}
}

/** `context.triggerMetadata`, or an empty object when the host gave none. */
export function triggerMetadata(context: unknown): Record<string, unknown> {
  return isRecord(context) && isRecord(context.triggerMetadata) ? context.triggerMetadata : {}
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The context's own log methods as a `Logger`, so faasport's lines reach Application Insights with the invocation's. */
function loggerOf(context: Record<string, unknown>): Logger | undefined {
  const { debug, info, warn, error } = context
  if (typeof info !== 'function' || typeof warn !== 'function' || typeof error !== 'function') return undefined
  return {
    debug: (...args) => (typeof debug === 'function' ? debug : info).apply(context, args),
    info: (...args) => info.apply(context, args),
    warn: (...args) => warn.apply(context, args),
    error: (...args) => error.apply(context, args),
  }
}

/**
 * Reads an `InvocationContext`: `invocationId`, `functionName`, the W3C `traceParent` of `traceContext`, and the
 * log methods. The app's name (`WEBSITE_SITE_NAME`) is the namespace and `REGION_NAME` the region, from the App
 * Service environment. Azure puts the function timeout in host.json (`functionTimeout`), not in the context, so
 * the deadline stays unknown.
 */
export function describeAzureContext(context: unknown, _event?: unknown, env: NodeJS.ProcessEnv = process.env): InvocationInfo {
  if (azureTriggerType(context) === undefined) return {}
  const c = context as Record<string, unknown>
  const trace = isRecord(c.traceContext) ? c.traceContext : {}
  return {
    requestId: str(c.invocationId),
    functionName: str(c.functionName),
    namespace: str(env.WEBSITE_SITE_NAME),
    region: str(env.REGION_NAME),
    traceparent: str(trace.traceParent),
    logger: loggerOf(c),
  }
}
