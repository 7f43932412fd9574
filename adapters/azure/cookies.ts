/**
 * The cookie object Azure Functions takes in `HttpResponseInit.cookies` (the `Cookie` type of @azure/functions).
 * The host writes each as a Set-Cookie header, URL-encoding `value` itself.
 */
export interface AzureCookie {
  name: string
  value: string
  domain?: string
  path?: string
  expires?: Date
  secure?: boolean
  httpOnly?: boolean
  sameSite?: 'Strict' | 'Lax' | 'None'
  maxAge?: number
}

/** A Set-Cookie header read into an `AzureCookie`, and what of it the object could not carry. */
export interface ReadCookie {
  cookie: AzureCookie
  /** What the cookie object drops (an attribute such as `Partitioned`, or a value the host would re-encode). */
  lost: string[]
  /**
   * False when no cookie object can carry it at all (a name that is not a token, a value that cannot be
   * URL-encoded): in HTTP streaming mode the `cookie` package's serialize throws on such an object, failing the
   * whole answer.
   */
  sendable: boolean
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// What the `cookie` package (which @azure/functions uses to write cookie objects in HTTP streaming mode) accepts for
// Domain and Path; anything else makes it throw, so such an attribute is left out and reported.
const DOMAIN = /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const PATH = /^[\u0020-\u003A\u003D-\u007E]*$/
const ENCODERS_DIFFER = /[!'()*]/
const MAX_AGE = /^-?\d{1,15}$/
const WSP = /^[\t ]+|[\t ]+$/g
const SAME_SITE: Record<string, AzureCookie['sameSite']> = { strict: 'Strict', lax: 'Lax', none: 'None' }

/** `raw` URL-decoded once, or undefined when it holds a bad escape. */
function decoded(raw: string): string | undefined {
  if (!raw.includes('%')) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** Whether the host can URL-encode `value` (a lone surrogate makes `encodeURIComponent` throw). */
function encodable(value: string): boolean {
  try {
    encodeURIComponent(value)
    return true
  } catch {
    return false
  }
}

/**
 * Whether handing the host `value` makes the header it writes carry `raw` byte for byte: the host URL-encodes cookie
 * values (ASP.NET's `Uri.EscapeDataString` when it answers, `encodeURIComponent` in HTTP streaming mode).
 * `!'()*` are the characters the two encoders treat differently.
 */
function exact(raw: string, value: string): boolean {
  if (ENCODERS_DIFFER.test(raw)) return false
  try {
    return encodeURIComponent(value) === raw
  } catch {
    return false
  }
}

/** Reads one Set-Cookie header into a cookie object; `lost` lists what the object cannot carry. */
export function readSetCookie(header: string): ReadCookie {
  const parts = header.split(';')
  const pair = parts[0]!
  const eq = pair.indexOf('=')
  // RFC 6265 §5.2 trims spaces and tabs (only) around the name and the value.
  const name = (eq === -1 ? '' : pair.slice(0, eq)).replace(WSP, '')
  const raw = (eq === -1 ? pair : pair.slice(eq + 1)).replace(WSP, '')
  const lost: string[] = []
  let sendable = true
  if (!TOKEN.test(name)) {
    lost.push(eq === -1 ? 'a cookie without a name' : `the name ${JSON.stringify(name.slice(0, 40))}`)
    sendable = false
  }
  // Where the value cannot come out exact, it goes in decoded all the same: a client's cookie parser decodes what
  // the host encodes, so it reads the value the app meant (the raw text would come back encoded twice).
  const value = decoded(raw) ?? raw
  if (!exact(raw, value)) {
    lost.push(`the exact value ${JSON.stringify(raw.slice(0, 40))}`)
    if (!encodable(value)) sendable = false
  }
  const cookie: AzureCookie = { name, value }
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!
    const at = part.indexOf('=')
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase()
    const val = at === -1 ? '' : part.slice(at + 1).trim()
    if (key === '') continue
    if (key === 'domain') {
      if (DOMAIN.test(val)) cookie.domain = val
      else lost.push(`Domain=${val.slice(0, 40)}`)
    } else if (key === 'path') {
      if (PATH.test(val)) cookie.path = val
      else lost.push(`Path=${val.slice(0, 40)}`)
    } else if (key === 'secure') cookie.secure = true
    else if (key === 'httponly') cookie.httpOnly = true
    else if (key === 'expires') {
      const ms = Date.parse(val)
      if (Number.isNaN(ms)) lost.push(`Expires=${val.slice(0, 40)}`)
      else cookie.expires = new Date(ms)
    } else if (key === 'max-age') {
      if (MAX_AGE.test(val)) cookie.maxAge = Number(val)
      else lost.push(`Max-Age=${val.slice(0, 40)}`)
    } else if (key === 'samesite') {
      const sameSite = SAME_SITE[val.toLowerCase()]
      if (sameSite) cookie.sameSite = sameSite
      else lost.push(`SameSite=${val.slice(0, 40)}`)
    } else {
      // Partitioned, Priority and any newer attribute: a cookie object has no field for them.
      lost.push(part.trim().slice(0, 40))
    }
  }
  return { cookie, lost, sendable }
}
