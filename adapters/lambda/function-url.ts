import type { LambdaFunctionURLEvent } from 'aws-lambda'
import type { HttpAdapter } from '../../src/model/index.js'
import { isV2Event, v2Reader, v2Request, v2Result } from './apigw-v2.js'

const TRIGGER = 'aws/function-url'
const reader = v2Reader(TRIGGER)

/** Lambda Function URL events: payload format 2.0 on a `*.lambda-url.<region>.on.aws` domain. */
export const functionUrl: HttpAdapter<LambdaFunctionURLEvent> = {
  provider: 'aws',
  trigger: 'function-url',
  kind: 'http',
  matches: (event) => isV2Event(event, true),
  toRequest: (event, context, options) => v2Request(TRIGGER, reader, event, context, options, false),
  toResult: v2Result,
}
