import { badGatewayResult, joinedHeaders, resultBodyBytes, warnOnce, type Invocation, type NormalizedResult, type ResponseHead } from '../../src/model/index.js'
import { readSetCookie, type AzureCookie } from './cookies.js'

// What a WHATWG Headers object refuses in a value (it holds ByteStrings): `new HttpResponse(init)` would throw.
const NOT_BYTE_STRING = /[^\u0000-\u00ff]/

/** The head of the `HttpResponseInit` faasport returns to Azure Functions. */
export interface AzureHttpResponseHead {
  status: number
  headers: Record<string, string>
  cookies: AzureCookie[]
}

/** The `HttpResponseInit` faasport returns to Azure Functions. */
export interface AzureHttpResponseInit extends AzureHttpResponseHead {
  /** The body bytes, exact; absent for an empty body. */
  body?: Uint8Array
}

/**
 * The `HttpResponseInit` for a result. The host keeps one value per response header (`toRpcHttp` copies
 * `headers.entries()` into a map, and streaming mode calls `setHeader` per entry), so Set-Cookie headers go out as
 * `cookies` objects, one each. A lone cookie that an object cannot carry exactly (a `Partitioned` or `Priority`
 * attribute, a value the host would re-encode) stays a `set-cookie` header, which reaches the client as it is;
 * among several, such a cookie goes as an object without what it cannot carry, with a warning, and one no object can
 * carry at all (a name that is not a token) is left out, with the same warning, as the host would fail the answer.
 * A header value with a character above U+00FF, which the host's Headers refuses, is left out with a warning.
 * A 1xx status, which the host refuses (`new Response()` takes 200 to 599), becomes a 502 and an error line.
 */
export function azureHttpResult(result: NormalizedResult, invocation: Invocation): AzureHttpResponseInit {
  const answer = result.statusCode < 200 ? informationalRefused(result.statusCode, invocation) : result
  const init: AzureHttpResponseInit = azureHead(answer, invocation)
  const bytes = resultBodyBytes(answer)
  if (bytes.byteLength > 0) init.body = bytes
  return init
}

/**
 * The head of an answer as the host takes it (see `azureHttpResult`): for a whole answer, and for a streamed one,
 * whose body then follows as a ReadableStream.
 */
export function azureHead(head: ResponseHead, invocation: Invocation): AzureHttpResponseHead {
  if (head.statusCode < 200) head = informationalRefused(head.statusCode, invocation)
  const headers = joinedHeaders(head.headers)
  for (const name in headers) if (NOT_BYTE_STRING.test(headers[name]!)) dropHeader(headers, name, invocation)
  const cookies: AzureCookie[] = []
  if (head.cookies.length > 0) {
    const read = head.cookies.map(readSetCookie)
    const lost = read.filter((r) => r.lost.length > 0)
    if (read.length === 1 && lost.length === 1 && !NOT_BYTE_STRING.test(head.cookies[0]!)) headers['set-cookie'] = head.cookies[0]!
    else {
      for (const r of read) if (r.sendable) cookies.push(r.cookie)
      if (lost.length > 0) {
        const what = [...new Set(lost.flatMap((r) => r.lost))].slice(0, 5).join(', ')
        const dropped = read.length - cookies.length
        warnOnce(
          invocation,
          'azure/http:cookies',
          `faasport: Azure Functions sends cookies as Cookie objects (name, value, domain, path, expires, maxAge, secure, httpOnly, sameSite), so ${lost.length} of ${read.length} Set-Cookie headers went out without ${what}` +
            (dropped > 0 ? ` (${dropped} not at all)` : '') +
            '. Send that cookie as the only one of its response to keep it exact.',
        )
      }
    }
  }
  return { status: head.statusCode, headers, cookies }
}

/** Leaves out a header the host cannot hold, and says so once. */
function dropHeader(headers: Record<string, string>, name: string, invocation: Invocation): void {
  delete headers[name]
  warnOnce(
    invocation,
    'azure/http:header-value',
    `faasport: the response header ${name} was left out: its value has characters above U+00FF, which Azure Functions cannot send in a header. Percent-encode such values (encodeURIComponent).`,
  )
}

/** The answer for a 1xx status: the host cannot send one as the final response, so it is a 502 that says why. */
function informationalRefused(status: number, invocation: Invocation): NormalizedResult {
  invocation.logger.error(`faasport: azure/http: the app answered with status ${status}, which Azure Functions cannot send as a final response (it takes 200 to 599); answered 502 instead`)
  return badGatewayResult()
}
