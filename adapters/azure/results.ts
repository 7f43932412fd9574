import { joinedHeaders, resultBodyBytes, type Invocation, type NormalizedResult } from '../../src/model/index.js'
import { readSetCookie, type AzureCookie } from './cookies.js'

// One warning per kind for the whole process, as each invocation has its own context logger.
const warned = new Set<string>()

/** Logs `message` through the invocation's logger the first time this process meets `kind`. */
export function warnOnce(invocation: Invocation, kind: string, message: string): void {
  if (warned.has(kind)) return
  warned.add(kind)
  invocation.logger.warn(message)
}

/** Forgets which warnings were given, so a test can see one again. Not part of the package's API. */
export function forgetWarnings(): void {
  warned.clear()
}

/** The `HttpResponseInit` faasport returns to Azure Functions. */
export interface AzureHttpResponseInit {
  status: number
  headers: Record<string, string>
  /** The body bytes, exact; absent for an empty body. */
  body?: Uint8Array
  cookies: AzureCookie[]
}

/**
 * The `HttpResponseInit` for a result. The host keeps one value per response header (`toRpcHttp` copies
 * `headers.entries()` into a map, and streaming mode calls `setHeader` per entry), so Set-Cookie headers go out as
 * `cookies` objects, one each. A lone cookie that an object cannot carry exactly (a `Partitioned` or `Priority`
 * attribute, a value the host would re-encode) stays a `set-cookie` header, which reaches the client as it is;
 * among several, such a cookie goes as an object without what it cannot carry, with a warning.
 */
export function azureHttpResult(result: NormalizedResult, invocation: Invocation): AzureHttpResponseInit {
  const headers = joinedHeaders(result.headers)
  const cookies: AzureCookie[] = []
  if (result.cookies.length > 0) {
    const read = result.cookies.map(readSetCookie)
    const lost = read.filter((r) => r.lost.length > 0)
    if (read.length === 1 && lost.length === 1) headers['set-cookie'] = result.cookies[0]!
    else {
      for (const r of read) cookies.push(r.cookie)
      if (lost.length > 0) {
        const what = [...new Set(lost.flatMap((r) => r.lost))].slice(0, 5).join(', ')
        warnOnce(
          invocation,
          'azure/http:cookies',
          `faasport: Azure Functions sends cookies as Cookie objects (name, value, domain, path, expires, maxAge, secure, httpOnly, sameSite), so ${lost.length} of ${read.length} Set-Cookie headers went out without ${what}. ` +
            'Send that cookie as the only one of its response to keep it exact.',
        )
      }
    }
  }
  const bytes = resultBodyBytes(result)
  const init: AzureHttpResponseInit = { status: result.statusCode, headers, cookies }
  if (bytes.byteLength > 0) init.body = bytes
  return init
}
