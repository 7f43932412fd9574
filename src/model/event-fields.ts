import { InvalidEventError } from './errors.js'
import { createHeaders, lowerName, type HttpHeaders } from './headers.js'
import type { QueryParams } from './query.js'
import { appendValue, emptyRecord } from './records.js'

// Field readers shared by every adapter: they validate as they read and name the offending field.

/** A plain object (not null, an array or bytes). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
}

/** A required string field. */
export function requireString(trigger: string, field: string, value: unknown): string {
  if (typeof value === 'string') return value
  throw new InvalidEventError(trigger, field, value === undefined ? 'is missing' : `must be a string, got ${typeName(value)}`)
}

/** An optional string field (`undefined`/`null` mean absent). */
export function optionalString(trigger: string, field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  throw new InvalidEventError(trigger, field, `must be a string, got ${typeName(value)}`)
}

/** A required whole-number field (a shard, a partition, an offset). */
export function requireInteger(trigger: string, field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  throw new InvalidEventError(trigger, field, value === undefined ? 'is missing' : `must be a whole number, got ${typeof value === 'number' ? String(value) : typeName(value)}`)
}

const COMMON_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'])

/** An HTTP method: a non-empty token, returned upper-case. */
export function requireMethod(trigger: string, field: string, value: unknown): string {
  if (COMMON_METHODS.has(value as string)) return value as string
  const method = requireString(trigger, field, value)
  if (!/^[A-Za-z!#$%&'*+.^_`|~-]+$/.test(method)) throw new InvalidEventError(trigger, field, `is not an HTTP method: ${JSON.stringify(method.slice(0, 40))}`)
  return method.toUpperCase()
}

/** An optional map field (`undefined`/`null` mean absent). */
export function optionalRecord(trigger: string, field: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined
  if (isRecord(value)) return value
  throw new InvalidEventError(trigger, field, `must be an object, got ${typeName(value)}`)
}

/**
 * Reads a map of strings (`multi`: lists of strings) into `target`, keeping repeats as arrays; `lowerCase`
 * folds keys (header names). Names the first value that is not a string.
 */
function readStringsInto(
  trigger: string,
  field: string,
  map: unknown,
  multi: boolean,
  target: Record<string, string | string[]>,
  lowerCase: boolean,
): void {
  const source = optionalRecord(trigger, field, map)
  if (source === undefined) return
  for (const name in source) {
    const value = source[name]
    if (value === undefined || value === null) continue
    const key = lowerCase ? lowerName(name) : name
    if (multi && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        if (typeof item !== 'string') throw new InvalidEventError(trigger, `${field}.${name}[${i}]`, `must be a string, got ${typeName(item)}`)
        appendValue(target, key, item)
      }
    } else if (typeof value === 'string') {
      appendValue(target, key, value)
    } else {
      throw new InvalidEventError(trigger, `${field}.${name}`, `must be ${multi ? 'a list of strings' : 'a string'}, got ${typeName(value)}`)
    }
  }
}

/**
 * Reads a `{ name: value }` header map (`multi`: `{ name: [values] }`) into lower-case headers, keeping
 * names that differ only in case as repeats. Non-string values are rejected.
 */
export function readHeaderMap(trigger: string, field: string, map: unknown, multi: boolean, into?: HttpHeaders): HttpHeaders {
  const headers = into ?? createHeaders()
  readStringsInto(trigger, field, map, multi, headers, true)
  return headers
}

/** Reads a map of already-decoded query values (`multi`: lists of values) into `QueryParams` (new, or `into`). */
export function readQueryMap(trigger: string, field: string, map: unknown, multi: boolean, into?: QueryParams): QueryParams {
  const params: QueryParams = into ?? emptyRecord()
  readStringsInto(trigger, field, map, multi, params, false)
  return params
}

/** Reads a map of string values (path parameters, stage variables) into a prototype-free record. */
export function readStringMap(trigger: string, field: string, map: unknown): Record<string, string> {
  const out = emptyRecord<string>()
  const source = optionalRecord(trigger, field, map)
  if (source === undefined) return out
  for (const key in source) {
    const value = source[key]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') throw new InvalidEventError(trigger, `${field}.${key}`, `must be a string, got ${typeName(value)}`)
    out[key] = value
  }
  return out
}

/** The first address of an `X-Forwarded-For` list: the client only where the gateway replaces the header. */
export function firstForwardedFor(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  if (!first) return undefined
  const comma = first.indexOf(',')
  return (comma === -1 ? first : first.slice(0, comma)).trim() || undefined
}

/**
 * The last address of an `X-Forwarded-For` list (the last value of a repeated header, then its last item): the
 * client as seen by a proxy that appends it. Earlier entries come from the client and can be forged.
 */
export function lastForwardedFor(value: string | string[] | undefined): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value
  if (!last) return undefined
  const comma = last.lastIndexOf(',')
  return (comma === -1 ? last : last.slice(comma + 1)).trim() || undefined
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
