import { appendValue, emptyRecord } from './records.js'

/**
 * Request or response headers: lower-case names; a header sent more than once keeps every value, as an
 * array. The object has no prototype, so `__proto__` or `constructor` are ordinary header names.
 */
export type HttpHeaders = Record<string, string | string[]>

// Gateways send the same few header names on every request, often Title-Case. Lower-casing allocates a new
// string each time, so the results are remembered; the cache is bounded (cleared when full) so a client that
// sends endless distinct names cannot grow it.
const LOWER = new Map<string, string>()
const LOWER_LIMIT = 512

/** A header name in lower case. */
export function lowerName(name: string): string {
  let lower = LOWER.get(name)
  if (lower === undefined) {
    lower = name.toLowerCase()
    if (LOWER.size >= LOWER_LIMIT) LOWER.clear()
    LOWER.set(name, lower)
  }
  return lower
}

/** A new, prototype-free header map. */
export function createHeaders(): HttpHeaders {
  return emptyRecord()
}

/** Adds one value under a lower-case name, turning a repeated header into an array instead of overwriting it. */
export const appendHeader: (headers: HttpHeaders, name: string, value: string) => void = appendValue

/** One header as a single string: repeated values joined per RFC 9110 (`, `; `; ` for `cookie`). */
export function headerString(headers: HttpHeaders, name: string): string | undefined {
  const value = headers[name]
  if (value === undefined || typeof value === 'string') return value
  return value.join(name === 'cookie' ? '; ' : ', ')
}

/** Sets a key on a plain object; `__proto__` becomes an own property instead of changing the prototype. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** Every header as a single string (a plain object), for gateways that accept one value per name. */
export function joinedHeaders(headers: HttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name in headers) setOwn(out, name, headerString(headers, name) as string)
  return out
}

/** Every header as a list of values (a plain object), for gateways that accept repeated names. */
export function listedHeaders(headers: HttpHeaders): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const name in headers) {
    const value = headers[name]
    setOwn(out, name, typeof value === 'string' ? [value] : value.slice())
  }
  return out
}

/** Splits headers into single-valued ones and repeated ones, for gateways that take both maps. */
export function splitHeaders(headers: HttpHeaders): { single: Record<string, string>; multi: Record<string, string[]>; hasMulti: boolean } {
  const single: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  let hasMulti = false
  for (const name in headers) {
    const value = headers[name]!
    if (typeof value === 'string') setOwn(single, name, value)
    else {
      setOwn(multi, name, value.slice())
      hasMulti = true
    }
  }
  return { single, multi, hasMulti }
}
