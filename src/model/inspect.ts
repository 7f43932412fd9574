/**
 * The key `console.log` and `util.inspect` call to show an object (Node's `util.inspect.custom`), reached by its
 * registered name so the core never imports `node:util`.
 */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom')

type Inspect = (value: unknown, options?: unknown) => string

/**
 * What an object shows `console.log`: `name` and its safe summary, inspected with the caller's options (Node
 * passes its `inspect` as the third argument; older callers get the summary object itself).
 */
export function inspectSummary(name: string, summary: object, options: unknown, inspect: unknown): unknown {
  return typeof inspect === 'function' ? `${name} ${(inspect as Inspect)(summary, options)}` : summary
}

/** Reads a lazily decoded part for a summary; a part the event cannot supply (a malformed field) is left out. */
export function readSafely<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
