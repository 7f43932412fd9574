/** Every error faasport throws carries a stable `code`; `instanceof` can fail across bundle copies, `code` cannot. */
export type FaasportErrorCode = 'INVALID_EVENT' | 'UNSUPPORTED_EVENT' | 'INVALID_BODY' | 'APP_NOT_SUPPORTED'

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

  constructor(seen: string, checked: readonly string[], hint?: string) {
    const tail = hint ? ` ${hint}` : ''
    super(
      'UNSUPPORTED_EVENT',
      `faasport: no adapter recognises this event (${seen}). Checked: ${checked.join(', ') || 'none'}.${tail}`,
      500,
    )
    this.checked = checked
    this.seen = seen
  }
}

/** `serve()` was given something that is not an Express/Koa app, a Node listener or a fetch handler. */
export class AppNotSupportedError extends FaasportError {
  constructor(seen: string) {
    super(
      'APP_NOT_SUPPORTED',
      `faasport: serve() needs an Express or Koa app, a (req, res) listener, a fetch handler or an object with fetch(); got ${seen}`,
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
