import { encodeResultBody, joinedHeaders, warnOnce, type Invocation, type NormalizedResult } from '../../src/model/index.js'

// The result an APIG trigger takes: `{ isBase64Encoded, statusCode, headers, body }`, headers documented as
// `{"headerName":"headerValue"}`, one string per name ("API Gateway (Dedicated) Trigger", Notes and Constraints:
// https://support.huaweicloud.com/intl/th-th/usermanual-functiongraph/functiongraph_01_0204.html).

/**
 * The APIG result. Set-Cookie cannot be comma-joined and the documented result carries one value per header, so
 * only the first cookie is sent, with a one-time warning.
 */
export function huaweiResult(result: NormalizedResult, invocation: Invocation) {
  const headers = joinedHeaders(result.headers)
  if (result.cookies.length > 0) {
    headers['set-cookie'] = result.cookies[0]!
    if (result.cookies.length > 1) {
      warnOnce(
        invocation,
        'huawei/apig:cookies',
        `faasport: ${result.cookies.length} Set-Cookie headers but the FunctionGraph APIG result carries one value per header; only the first was sent. ` +
          'Combine them into one cookie, or run the app as a FunctionGraph HTTP function (listen() on port 8000) where every header goes through.',
      )
    }
  }
  return { isBase64Encoded: result.isBase64Encoded, statusCode: result.statusCode, headers, body: encodeResultBody(result) }
}
