import { createRequire } from 'node:module'
import { HttpResponse } from '@azure/functions'

// What the host does with a returned HttpResponseInit, in both of its modes, with the library's own code where it is
// exported and a copy of the few lines where it is not (node_modules/@azure/functions/src/converters/toRpcHttp.ts and
// src/http/httpProxy.ts).

// The `cookie` package @azure/functions depends on, resolved from it, as httpProxy.ts imports it.
const { serialize } = createRequire(createRequire(import.meta.url).resolve('@azure/functions'))('cookie') as {
  serialize(name: string, value: string, options?: Record<string, unknown>): string
}

type Cookie = HttpResponse['cookies'][number]

/** httpProxy.ts `setCookies`: how HTTP streaming mode (`enableHttpStream`) writes each cookie object. Throws as it does. */
export function streamModeSetCookie(c: Cookie): string {
  const sameSite = c.sameSite === 'Lax' ? 'lax' : c.sameSite === 'None' ? 'none' : c.sameSite === 'Strict' ? 'strict' : c.sameSite
  return serialize(c.name, c.value, {
    domain: c.domain,
    path: c.path,
    expires: typeof c.expires === 'number' ? new Date(c.expires) : c.expires,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite,
    maxAge: c.maxAge,
  })
}

/** What the client gets: the returned init through `new HttpResponse`, read as toRpcHttp reads it (one value per header). */
export async function hostAnswer(result: unknown) {
  const response = new HttpResponse(result as never)
  const headers: Record<string, string> = {}
  for (const [key, value] of response.headers.entries()) headers[key] = value
  return { status: response.status, headers, cookies: response.cookies, body: Buffer.from(await response.arrayBuffer()) }
}
