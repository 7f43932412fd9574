import { encodeResultBody, joinedHeaders, type NormalizedResult } from '../../src/model/index.js'

/**
 * SCF's integration response `{ isBase64Encoded, statusCode, headers, body }`; several Set-Cookie headers go
 * as a list under `set-cookie`, never comma-joined.
 */
export function scfResult(result: NormalizedResult) {
  const headers: Record<string, string | string[]> = joinedHeaders(result.headers)
  if (result.cookies.length === 1) headers['set-cookie'] = result.cookies[0]!
  else if (result.cookies.length > 1) headers['set-cookie'] = result.cookies.slice()
  return { isBase64Encoded: result.isBase64Encoded, statusCode: result.statusCode, headers, body: encodeResultBody(result) }
}
