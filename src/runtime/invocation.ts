import { AsyncLocalStorage } from 'node:async_hooks'
import { INSPECT, inspectSummary, isLogger, type Invocation, type InvocationInfo, type Logger, type Provider, type ProviderName } from '../model/index.js'

// One store per process, shared by every copy of faasport that is loaded (ESM and CJS builds, several
// entries), so getInvocation() finds the invocation whichever copy started it.
const STORE = Symbol.for('faasport.invocation')
const COLD = Symbol.for('faasport.coldStartTaken')
type Globals = typeof globalThis & { [STORE]?: AsyncLocalStorage<Invocation>; [COLD]?: boolean }
const globals = globalThis as Globals

/** Per-invocation storage; every invocation runs inside `storage.run`. */
export const storage: AsyncLocalStorage<Invocation> = (globals[STORE] ??= new AsyncLocalStorage<Invocation>())

/**
 * The invocation being served, from anywhere inside the handler or app (async calls included). Undefined outside
 * an invocation, e.g. during module initialisation or when the same app runs under `app.listen()`.
 */
export function getInvocation(): Invocation | undefined {
  return storage.getStore()
}

/**
 * A request id for invocations the platform gave none (tests, direct calls). `node:crypto` is not imported for
 * it: loading it costs milliseconds of cold start, and the id needs to be unique, not secret.
 */
function generateRequestId(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (typeof webCrypto?.randomUUID === 'function') return webCrypto.randomUUID()
  const hex = (n: number) => Math.floor(Math.random() * 16 ** n).toString(16).padStart(n, '0')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(Math.random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`
}

/** True exactly once per process: for the first invocation. */
export function takeColdStart(): boolean {
  if (globals[COLD]) return false
  globals[COLD] = true
  return true
}

interface LazyState {
  info: InvocationInfo
  deadline?: number
  id?: string
  logger?: Logger
  controller?: AbortController
  timer?: ReturnType<typeof setTimeout>
}

function abortSignal(controller: AbortController): void {
  controller.abort(new DOMException('The invocation is about to reach its deadline', 'TimeoutError'))
}

/** The `Invocation` implementation: context fields are read from the platform context on first access. */
export class InvocationRecord implements Invocation {
  readonly provider: ProviderName | 'web'
  readonly trigger: string
  readonly coldStart: boolean

  // Few fields, most of them filled on first use: an invocation nobody inspects costs almost nothing.
  #provider: Provider
  // Private, read through getters: a spread or Object.assign of the invocation never copies the raw context, which
  // may hold credentials (FC's STS keys, FunctionGraph's access keys).
  #context: unknown
  #event: unknown
  #startedAt: number
  #margin: number
  #logger: Logger | undefined
  #lazy: LazyState | undefined

  constructor(provider: Provider, trigger: string, context: unknown, event: unknown, coldStart: boolean, margin: number, logger: Logger | undefined) {
    this.provider = provider.name
    this.trigger = trigger
    this.#context = context
    this.#event = event
    this.coldStart = coldStart
    this.#provider = provider
    this.#startedAt = Date.now()
    this.#margin = margin
    this.#logger = logger
    this.#lazy = undefined
  }

  get #state(): LazyState {
    return (this.#lazy ??= { info: this.#provider.describe(this.#context, this.#event) })
  }

  get context(): unknown {
    return this.#context
  }
  get event(): unknown {
    return this.#event
  }

  get requestId(): string {
    const state = this.#state
    return state.info.requestId || (state.id ??= generateRequestId())
  }
  get functionName(): string | undefined {
    return this.#state.info.functionName
  }
  get functionVersion(): string | undefined {
    return this.#state.info.functionVersion
  }
  get namespace(): string | undefined {
    return this.#state.info.namespace
  }
  get memoryLimitMB(): number | undefined {
    return this.#state.info.memoryLimitMB
  }
  get region(): string | undefined {
    return this.#state.info.region
  }
  get accountId(): string | undefined {
    return this.#state.info.accountId
  }
  get traceparent(): string | undefined {
    return this.#state.info.traceparent
  }
  get logger(): Logger {
    if (this.#logger !== undefined) return this.#logger
    const state = this.#state
    if (state.logger === undefined) state.logger = isLogger(state.info.logger) ? state.info.logger : console
    return state.logger
  }

  get deadline(): number {
    const state = this.#state
    if (state.deadline === undefined) {
      const { remainingTimeMs, timeoutMs } = state.info
      const remaining = remainingTimeMs ? remainingTimeMs() : undefined
      state.deadline =
        typeof remaining === 'number' && Number.isFinite(remaining)
          ? Date.now() + remaining
          : typeof timeoutMs === 'number' && timeoutMs > 0
            ? this.#startedAt + timeoutMs
            : Infinity
    }
    return state.deadline
  }

  remainingTimeMs(): number {
    const live = this.#state.info.remainingTimeMs
    if (live) {
      const remaining = live()
      if (typeof remaining === 'number' && Number.isFinite(remaining)) return Math.max(0, remaining)
    }
    return Math.max(0, this.deadline - Date.now())
  }

  get signal(): AbortSignal {
    const state = this.#state
    if (state.controller === undefined) {
      const controller = (state.controller = new AbortController())
      const deadline = this.deadline
      if (deadline !== Infinity) {
        const delay = deadline - this.#margin - Date.now()
        if (delay <= 0) abortSignal(controller)
        else {
          state.timer = setTimeout(abortSignal, delay, controller)
          state.timer.unref?.()
        }
      }
    }
    return state.controller.signal
  }

  /** Aborts `signal` now, if anyone asked for it: the deadline's moment has come (its 504 is going out). */
  abortNow(): void {
    const controller = this.#lazy?.controller
    if (controller !== undefined && !controller.signal.aborted) abortSignal(controller)
  }

  /**
   * What `JSON.stringify(invocation)` gives: the normalized fields. The raw `context` (which may hold STS
   * credentials) and `event` are left out; read them as `invocation.context` / `invocation.event`.
   */
  toJSON(): Record<string, unknown> {
    return {
      provider: this.provider,
      trigger: this.trigger,
      requestId: this.requestId,
      functionName: this.functionName,
      functionVersion: this.functionVersion,
      namespace: this.namespace,
      memoryLimitMB: this.memoryLimitMB,
      region: this.region,
      accountId: this.accountId,
      traceparent: this.traceparent,
      coldStart: this.coldStart,
      deadline: this.deadline,
    }
  }

  /** What `console.log(invocation)` shows: the same summary as `toJSON()`, without the context's credentials. */
  [INSPECT](_depth: number, options: unknown, inspect: unknown): unknown {
    return inspectSummary('Invocation', this.toJSON(), options, inspect)
  }

  /** Milliseconds since the invocation started. */
  elapsedMs(): number {
    return Date.now() - this.#startedAt
  }

  /** Releases the deadline timer; called when the invocation ends. */
  end(): void {
    const timer = this.#lazy?.timer
    if (timer !== undefined) clearTimeout(timer)
  }
}
