import { encodeResultBody, joinedHeaders, type Invocation, type NormalizedResult } from '../../src/model/index.js'

// FC's JSON results ({ statusCode, headers, isBase64Encoded, body }) document one string per header name.

// One warning per logger and subject, however many invocations repeat the situation.
const warned = new WeakMap<object, Set<string>>()

function warnOnce(invocation: Invocation, key: string, message: string): void {
  const logger = invocation.logger
  let keys = warned.get(logger)
  if (keys === undefined) warned.set(logger, (keys = new Set()))
  if (keys.has(key)) return
  keys.add(key)
  logger.warn(message)
}

/**
 * The `{ statusCode, headers, isBase64Encoded, body }` result. Set-Cookie cannot be comma-joined and the
 * documented result carries one value per header, so only the first cookie is sent, with a warning.
 */
export function fcJsonResult(result: NormalizedResult, invocation: Invocation, trigger: string) {
  const headers = joinedHeaders(result.headers)
  if (result.cookies.length > 0) {
    headers['set-cookie'] = result.cookies[0]!
    if (result.cookies.length > 1) {
      warnOnce(
        invocation,
        `${trigger}:cookies`,
        `faasport: ${result.cookies.length} Set-Cookie headers but the ${trigger} result carries one value per header; only the first was sent. ` +
          'Combine them into one cookie, or serve the app as an FC web function (listen()) where every header goes through.',
      )
    }
  }
  return { statusCode: result.statusCode, headers, isBase64Encoded: result.isBase64Encoded, body: encodeResultBody(result) }
}

/** FC's default `*.fcapp.run` domain serves HTML with `Content-Disposition: attachment`: say so once. */
export function warnAboutDefaultDomain(result: NormalizedResult, domain: unknown, invocation: Invocation): void {
  if (typeof domain !== 'string' || !domain.endsWith('.fcapp.run')) return
  const type = result.headers['content-type']
  if (typeof type !== 'string' || !type.startsWith('text/html')) return
  warnOnce(
    invocation,
    'fcapp.run',
    `faasport: FC's default domain ${domain} makes browsers download HTML responses (Content-Disposition: attachment); bind a custom domain to serve pages.`,
  )
}
