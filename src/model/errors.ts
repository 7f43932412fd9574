/** Every error faasport throws carries a stable `code`; `instanceof` can fail across bundle copies, `code` cannot. */
export type FaasportErrorCode = 'INVALID_EVENT' | 'UNSUPPORTED_EVENT' | 'INVALID_BODY' | 'APP_NOT_SUPPORTED' | 'BATCH_FAILED' | 'BATCH_TIMEOUT'

/** Base class of faasport's typed errors. */
export class FaasportError extends Error {
  /** Stable machine-readable error code. */
  readonly code: FaasportErrorCode
  /** HTTP status this error maps to when it ends an HTTP invocation. */
  readonly status: number

  constructor(code: FaasportErrorCode, message: string, status: number) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.status = status
  }
}

/**
 * A recognised event carries a field with the wrong type or value. HTTP invocations answer it with a 400
 * whose body names `field`; it never reaches the handler.
 */
export class InvalidEventError extends FaasportError {
  /** Dotted path of the offending field inside the event, e.g. `requestContext.http.method`. */
  readonly field: string
  /** The `provider/trigger` whose event this was, e.g. `aws/apigw-v1`. */
  readonly trigger: string

  constructor(trigger: string, field: string, problem: string) {
    super('INVALID_EVENT', `Invalid ${trigger} event: ${field} ${problem}`, 400)
    this.field = field
    this.trigger = trigger
  }
}

/** The request body could not be read as asked (for example `req.json()` on a body that is not JSON). */
export class InvalidBodyError extends FaasportError {
  constructor(message: string) {
    super('INVALID_BODY', message, 400)
  }
}

/** No adapter recognises the event, or it is not an event this entry function serves. */
export class UnsupportedEventError extends FaasportError {
  /** The `provider/trigger` adapters that were asked, in order. */
  readonly checked: readonly string[]
  /** A short description of what arrived: its type and top-level keys. */
  readonly seen: string

  /** `message` replaces the default "no adapter recognises this event" text, for recognised events with no route. */
  constructor(seen: string, checked: readonly string[], message?: string) {
    super('UNSUPPORTED_EVENT', message ?? `faasport: no adapter recognises this event (${seen}). Checked: ${checked.join(', ') || 'none'}.`, 500)
    this.checked = checked
    this.seen = seen
  }
}

/**
 * `serve()` was given something that is not an Express/Koa app, a Node listener or a fetch handler, or a
 * function it called as a Node listener behaved as a plain handler (returned a result instead of answering).
 */
export class AppNotSupportedError extends FaasportError {
  /** `message` replaces the default text, for apps found out only when they run. */
  constructor(seen: string, message?: string) {
    super(
      'APP_NOT_SUPPORTED',
      message ?? `faasport: serve() needs an Express or Koa app, a (req, res) listener, a fetch handler or an object with fetch(); got ${seen}`,
      500,
    )
  }
}

/** Describes a value for error messages without dumping its content (events may carry secrets). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value !== 'object') return typeof value
  if (value instanceof Uint8Array) return `${value.byteLength} bytes that are not JSON`
  if (Array.isArray(value)) return `an array of ${value.length}`
  const keys = Object.keys(value)
  const shown = keys.slice(0, 12).join(', ')
  return keys.length === 0 ? 'an empty object' : `an object with keys: ${shown}${keys.length > 12 ? ', …' : ''}`
}

/** One record of a batch that failed: its position, its id when known, and why. */
export interface FailedRecord {
  /** Position of the record in the delivered batch, from 0. */
  readonly index: number
  /** The record's id (message id, object key...), when it could be read. */
  readonly id: string | undefined
  /** Why it failed: the error message, or what could not be read. */
  readonly reason: string
}

/**
 * Some records of a non-HTTP event failed (or could not be read) and the platform takes no partial-batch
 * response: the invocation fails so the platform retries. `failures` says which records and why.
 */
export class BatchFailedError extends FaasportError {
  /** Every record that failed, in batch order. */
  readonly failures: readonly FailedRecord[]
  /** How many records the event held. */
  readonly total: number
  /**
   * How many records after the failed one were not run because the batch is ordered (a FIFO queue stops at its
   * first failure); 0 otherwise.
   */
  readonly notRun: number

  constructor(trigger: string, failures: readonly FailedRecord[], total: number, notRun = 0) {
    const listed = failures.slice(0, 5).map((f) => `#${f.index}${f.id ? ` (${f.id})` : ''}: ${f.reason}`).join('; ')
    const stopped = notRun > 0 ? `; the batch is ordered, so the ${notRun} record${notRun === 1 ? '' : 's'} after it ${notRun === 1 ? 'was' : 'were'} not run` : ''
    super('BATCH_FAILED', `faasport: ${failures.length} of ${total} ${trigger} records failed: ${listed}${failures.length > 5 ? '; …' : ''}${stopped}`, 500)
    this.failures = failures
    this.total = total
    this.notRun = notRun
  }
}

/**
 * A non-HTTP event's records were still running shortly before the invocation's deadline (`deadlineMarginMs`)
 * and the platform takes no partial-batch response (or `reportBatchItemFailures` is off): the invocation fails
 * with this, rather than being killed, so the platform retries the batch and the log says which records were
 * left.
 */
export class BatchTimeoutError extends FaasportError {
  /** The records that failed before the deadline, in batch order. */
  readonly failures: readonly FailedRecord[]
  /** How many records had not finished: the one running and every one after it. */
  readonly unfinished: number
  /** How many records the event held. */
  readonly total: number

  constructor(trigger: string, failures: readonly FailedRecord[], unfinished: number, total: number, marginMs: number) {
    super(
      'BATCH_TIMEOUT',
      `faasport: ${unfinished} of ${total} ${trigger} records had not finished ${marginMs} ms before the invocation's deadline${failures.length > 0 ? `, and ${failures.length} had failed` : ''}; the batch fails so the platform retries it`,
      500,
    )
    this.failures = failures
    this.unfinished = unfinished
    this.total = total
  }
}
