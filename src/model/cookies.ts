import { emptyRecord } from './records.js'

/** Request cookies by name (first occurrence wins, values percent-decoded when valid). No prototype. */
export type Cookies = Record<string, string>

function decode(value: string): string {
  if (value.indexOf('%') === -1) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * Parses a `Cookie` header value (`a=1; b=2`). A repeated header (a list, as multi-value header maps carry it)
 * is read as its values joined with `; `, the one separator cookies take (RFC 9113 §8.2.3). Malformed pairs are
 * skipped, never fatal.
 */
export function parseCookieHeader(value: string | readonly string[] | undefined): Cookies {
  const out: Cookies = emptyRecord()
  const header = typeof value === 'string' || value === undefined ? value : value.join('; ')
  if (!header) return out
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const name = pair.slice(0, eq).trim()
    if (!name || name in out) continue
    let value = pair.slice(eq + 1).trim()
    if (value.length > 1 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
      value = value.slice(1, -1)
    }
    out[name] = decode(value)
  }
  return out
}
