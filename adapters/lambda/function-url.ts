import type { LambdaFunctionURLEvent } from 'aws-lambda'
import { joinedHeaders, type HttpAdapter, type ResponseHead } from '../../src/model/index.js'
import { isV2Event, v2Reader, v2Request, v2Result } from './apigw-v2.js'
import { lambdaResultLimit } from './limits.js'

const TRIGGER = 'aws/function-url'
const reader = v2Reader(TRIGGER)

/** Lambda Function URL events: payload format 2.0 on a `*.lambda-url.<region>.on.aws` domain. */
export const functionUrl: HttpAdapter<LambdaFunctionURLEvent> = {
  provider: 'aws',
  trigger: 'function-url',
  kind: 'http',
  resultLimit: lambdaResultLimit,
  matches: (event) => isV2Event(event, true),
  toRequest: (event, context, options) => v2Request(TRIGGER, reader, event, context, options, false),
  toResult: v2Result,
  toPrelude: functionUrlPrelude,
}

/**
 * The prelude of a streamed Function URL answer (InvokeMode RESPONSE_STREAM), as `HttpResponseStream.from` takes
 * it: the status, one value per header (repeats comma-joined, as in payload 2.0 results) and every Set-Cookie.
 */
function functionUrlPrelude(head: ResponseHead): { statusCode: number; headers: Record<string, string>; cookies?: string[] } {
  const prelude: { statusCode: number; headers: Record<string, string>; cookies?: string[] } = { statusCode: head.statusCode, headers: joinedHeaders(head.headers) }
  if (head.cookies.length > 0) prelude.cookies = head.cookies.slice()
  return prelude
}
