import { parse, escape } from 'node:querystring'
import { emptyRecord } from './records.js'

/**
 * Decoded query parameters: a key given once maps to a string, a repeated key to an array of every value in
 * order. The object has no prototype, so keys such as `__proto__` are plain data.
 */
export type QueryParams = Record<string, string | string[]>

/** Parses a raw query string (no leading `?`), decoding each key and value exactly once; `+` means space. */
export function parseQuery(raw: string): QueryParams {
  if (raw === '') return emptyRecord()
  // maxKeys 0: the default of 1000 would drop keys without a word.
  return parse(raw, '&', '=', { maxKeys: 0 }) as QueryParams
}

/** Builds a raw query string from already-decoded values, percent-encoding each key and value once. */
export function formatQuery(params: QueryParams): string {
  let out = ''
  for (const key in params) {
    const value = params[key]
    const k = escape(key)
    if (typeof value === 'string') out += (out ? '&' : '') + k + '=' + escape(value)
    else for (const v of value) out += (out ? '&' : '') + k + '=' + escape(v)
  }
  return out
}

/** Adds one decoded value, keeping repeats as arrays. */
export function appendQuery(params: QueryParams, key: string, value: string): void {
  const prev = params[key]
  if (prev === undefined) params[key] = value
  else if (typeof prev === 'string') params[key] = [prev, value]
  else prev.push(value)
}
