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
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const SAME_SITE: Record<string, AzureCookie['sameSite']> = { strict: 'Strict', lax: 'Lax', none: 'None' }

/**
 * The value to hand the host so that the header it writes carries `raw` byte for byte: the host URL-encodes cookie
 * values (ASP.NET's `Uri.EscapeDataString` when it answers, `encodeURIComponent` in HTTP streaming mode), so the
 * value goes in decoded. Undefined when no decoded value encodes back to `raw` in both modes.
 */
function decodedValue(raw: string): string | undefined {
  // `!'()*` are the characters the two encoders treat differently.
  if (/[!'()*]/.test(raw)) return undefined
  try {
    const decoded = decodeURIComponent(raw)
    return encodeURIComponent(decoded) === raw ? decoded : undefined
  } catch {
    return undefined
  }
}

/** Reads one Set-Cookie header into a cookie object; `lost` lists what the object cannot carry. */
export function readSetCookie(header: string): ReadCookie {
  const parts = header.split(';')
  const pair = parts[0]!
  const eq = pair.indexOf('=')
  const name = (eq === -1 ? '' : pair.slice(0, eq)).trim()
  const raw = (eq === -1 ? pair : pair.slice(eq + 1)).trim()
  const lost: string[] = []
  if (!TOKEN.test(name)) lost.push(eq === -1 ? 'a cookie without a name' : `the name ${JSON.stringify(name.slice(0, 40))}`)
  const value = decodedValue(raw)
  if (value === undefined) lost.push(`the exact value ${JSON.stringify(raw.slice(0, 40))}`)
  const cookie: AzureCookie = { name, value: value ?? raw }
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!
    const at = part.indexOf('=')
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase()
    const val = at === -1 ? '' : part.slice(at + 1).trim()
    if (key === '') continue
    if (key === 'domain') cookie.domain = val
    else if (key === 'path') cookie.path = val
    else if (key === 'secure') cookie.secure = true
    else if (key === 'httponly') cookie.httpOnly = true
    else if (key === 'expires') {
      const ms = Date.parse(val)
      if (Number.isNaN(ms)) lost.push(`Expires=${val.slice(0, 40)}`)
      else cookie.expires = new Date(ms)
    } else if (key === 'max-age') {
      if (/^-?\d{1,15}$/.test(val)) cookie.maxAge = Number(val)
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
  return { cookie, lost }
}
