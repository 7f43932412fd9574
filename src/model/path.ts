import type { RequestOptions } from './adapter.js'

// Characters a percent-encoded path may hold literally (RFC 3986 pchar plus '/'), and '%' only as an escape.
const NOT_WIRE_SAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/u
const NOT_WIRE_SAFE_ALL = new RegExp(NOT_WIRE_SAFE.source, 'gu')

function escapeChar(char: string): string {
  try {
    return encodeURIComponent(char)
  } catch {
    return '%EF%BF%BD' // a lone surrogate: U+FFFD, as a browser would send it
  }
}

/**
 * Returns the path as it travels on the wire: percent-encoded, starting with `/`. Gateways that hand over a
 * decoded path (API Gateway HTTP API, FC's `requestContext.http.path`) get each unsafe character escaped;
 * an already-encoded path passes through byte for byte.
 */
export function toWirePath(path: string): string {
  if (path === '') return '/'
  const encoded = NOT_WIRE_SAFE.test(path) ? path.replace(NOT_WIRE_SAFE_ALL, escapeChar) : path
  return encoded.charCodeAt(0) === 47 ? encoded : '/' + encoded
}

/**
 * A path a gateway handed over already decoded (API Gateway HTTP APIs), ready for `requestPath`: every `%` in
 * it was a literal `%` (sent as `%25`), so it is escaped again rather than taken for an escape. Without this, a
 * file named `a%20b` would reach the app as `a b` after its router decodes the path once more.
 */
export function escapeDecodedPath(path: string): string {
  return path.includes('%') ? path.replace(/%/g, '%25') : path
}

/**
 * Removes `prefix` (such as `/prod` or a custom domain's base path) from the start of `path` when it is a whole
 * segment; `/prod/users` becomes `/users`, `/production` stays as it is.
 */
export function stripPathPrefix(path: string, prefix: string | undefined): string {
  if (!prefix || prefix === '/') return path
  const p = prefix.charCodeAt(0) === 47 ? prefix : '/' + prefix
  const base = p.endsWith('/') ? p.slice(0, -1) : p
  if (!path.startsWith(base)) return path
  const rest = path.slice(base.length)
  if (rest === '') return '/'
  return rest.charCodeAt(0) === 47 ? rest : path
}

/**
 * The request path an adapter reports: wire-encoded, then without the stage (when `stage` is given, not
 * `$default`, and `stripStage` is on; adapters pass it only where the path really carries it) and without the
 * configured base path.
 */
export function requestPath(rawPath: string, options: RequestOptions, stage?: unknown): string {
  let path = toWirePath(rawPath)
  if (options.stripStage && typeof stage === 'string' && stage !== '' && stage !== '$default') path = stripPathPrefix(path, stage)
  if (options.basePath) path = stripPathPrefix(path, options.basePath)
  return path
}
