import { parse } from 'node:querystring'
import { appendValue, emptyRecord } from './records.js'

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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Percent-encodes one key or value; a lone surrogate (which has no UTF-8 form) becomes U+FFFD. */
function encode(text: string): string {
  // encodeURIComponent, not querystring.escape: the latter turns a lone low surrogate into garbage bytes.
  try {
    return encodeURIComponent(text)
  } catch {
    return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'))
  }
}

/** Builds a raw query string from already-decoded values, percent-encoding each key and value once. */
export function formatQuery(params: QueryParams): string {
  let out = ''
  for (const key in params) {
    const value = params[key]!
    const k = encode(key)
    if (typeof value === 'string') out += (out ? '&' : '') + k + '=' + encode(value)
    else for (const v of value) out += (out ? '&' : '') + k + '=' + encode(v)
  }
  return out
}

/** Adds one decoded value, keeping repeats as arrays. */
export const appendQuery: (params: QueryParams, key: string, value: string) => void = appendValue
