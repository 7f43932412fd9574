/**
 * The clouds faasport runs on: AWS (Lambda), Alibaba Cloud (Function Compute), Tencent Cloud (SCF), Google Cloud
 * (Cloud Run functions), Microsoft Azure (Azure Functions) and Huawei Cloud (FunctionGraph).
 */
export type ProviderName = 'aws' | 'aliyun' | 'tencent' | 'gcp' | 'azure' | 'huawei'

/** Where faasport writes its own messages; a platform logger (FC's `context.logger`) or `console` by default. */
export interface Logger {
  /** Detail for troubleshooting. */
  debug(...args: unknown[]): void
  /** Normal operation. */
  info(...args: unknown[]): void
  /** Something to look at: a client error, a limitation worked around. */
  warn(...args: unknown[]): void
  /** A failure, with the error as the last argument. */
  error(...args: unknown[]): void
}

/**
 * The current invocation in provider-neutral form: who was called, by what, and how much time is left.
 * Available as the handler's second argument and from `getInvocation()` anywhere inside the app.
 */
export interface Invocation {
  /** The cloud this invocation came from; `web` for a `listen()` server outside a known platform. */
  readonly provider: ProviderName | 'web'
  /** The trigger that produced the event, e.g. `apigw-v1`, `function-url`, `http-v3`. */
  readonly trigger: string
  /** The platform's request id (generated when the platform gave none). */
  readonly requestId: string
  /** The function's name, when the platform says. */
  readonly functionName: string | undefined
  /** The version or alias invoked (`$LATEST`, a qualifier, an alias name), when the platform says. */
  readonly functionVersion: string | undefined
  /** The group the function belongs to: an FC 2.0 service or an SCF namespace. */
  readonly namespace: string | undefined
  /** Memory limit in MB, when the platform says. */
  readonly memoryLimitMB: number | undefined
  /** The region the function runs in, when the platform says. */
  readonly region: string | undefined
  /** The account (AWS account id, Alibaba account id, Tencent APPID, Huawei project id), when the platform says. */
  readonly accountId: string | undefined
  /**
   * The W3C `traceparent` of this invocation, when the platform gives one (Cloud Run functions' `traceparent` or
   * `X-Cloud-Trace-Context` header, Azure's `context.traceContext`), to join the platform's trace.
   */
  readonly traceparent: string | undefined
  /** True on the first invocation this process serves. */
  readonly coldStart: boolean
  /** Epoch milliseconds at which the platform stops the invocation; `Infinity` when unknown. */
  readonly deadline: number
  /** Milliseconds left before the deadline, read live (`Infinity` when the deadline is unknown). */
  remainingTimeMs(): number
  /** Aborts shortly before the deadline (see the `deadlineMarginMs` option), so work can stop cleanly. */
  readonly signal: AbortSignal
  /** Logger for this invocation. */
  readonly logger: Logger
  /** The raw platform context. It may hold credentials: never log or forward it whole. */
  readonly context: unknown
  /** The raw platform event. */
  readonly event: unknown
}

/** What a provider reads from its platform context; everything is optional because tests may pass none. */
export interface InvocationInfo {
  requestId?: string | undefined
  functionName?: string | undefined
  functionVersion?: string | undefined
  namespace?: string | undefined
  memoryLimitMB?: number | undefined
  region?: string | undefined
  accountId?: string | undefined
  traceparent?: string | undefined
  /** Live remaining time from the platform, preferred over `timeoutMs` when present. */
  remainingTimeMs?: (() => number) | undefined
  /** The function timeout, used to compute the deadline when the platform offers no live countdown. */
  timeoutMs?: number | undefined
  logger?: Logger | undefined
}

/** Whether `value` has the four logging methods faasport calls (a platform's logger, or `console`). */
export function isLogger(value: unknown): value is Logger {
  const l = value as Logger | null | undefined
  return typeof l?.info === 'function' && typeof l.warn === 'function' && typeof l.error === 'function' && typeof l.debug === 'function'
}

/** Logs through `logger` and never throws: a logger that fails must not keep an answer from going out. */
export function logSafely(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error', ...args: unknown[]): void {
  try {
    logger[level](...args)
  } catch {
    // Nothing else to do with it.
  }
}
