import { encodeResultBody, joinedHeaders, warnOnce, type Invocation, type NormalizedResult } from '../../src/model/index.js'

// FC's JSON results ({ statusCode, headers, isBase64Encoded, body }) document one string per header name.

/** The warning for Set-Cookie headers beyond the first that a response format could not carry. */
export function cookiesDroppedWarning(trigger: string, count: number, why: string): string {
  return (
    `faasport: ${count} Set-Cookie headers but ${why}; only the first was sent. ` +
    'Combine them into one cookie, or serve the app as an FC web function (listen()) where every header goes through.'
  )
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
      warnOnce(invocation, `${trigger}:cookies`, cookiesDroppedWarning(trigger, result.cookies.length, `the ${trigger} result carries one value per header`))
    }
  }
  return { statusCode: result.statusCode, headers, isBase64Encoded: result.isBase64Encoded, body: encodeResultBody(result) }
}

// FC's default domains: `*.fcapp.run` (FC 3.0 HTTP triggers) and `*.fc.aliyuncs.com` (FC 2.0 HTTP triggers and
// the API endpoint). Both add `Content-Disposition: attachment` to every response.
const DEFAULT_DOMAIN = /\.(?:fcapp\.run|fc\.aliyuncs\.com)(?::\d+)?$/i

/**
 * FC's default domains serve HTML with `Content-Disposition: attachment`, so browsers download pages: say so
 * once. `domain` is the request's domain or `Host` header.
 */
export function warnAboutDefaultDomain(result: NormalizedResult, domain: unknown, invocation: Invocation): void {
  const type = result.headers['content-type']
  if (typeof type !== 'string' || !type.startsWith('text/html')) return
  if (typeof domain !== 'string' || !DEFAULT_DOMAIN.test(domain)) return
  warnOnce(
    invocation,
    'default-domain',
    `faasport: FC's default domain ${domain} makes browsers download HTML responses (Content-Disposition: attachment); bind a custom domain to serve pages.`,
  )
}
