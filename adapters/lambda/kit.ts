import {
  addHeaderMap,
  decodeCommonResult,
  platformPayload,
  ResultShapeError,
  streamingFormOf,
  type DecodedResponse,
  type HttpTriggerKit,
  type ProviderKit,
} from '../../src/model/index.js'
import * as events from './factories.js'
import { RecordingResponseStream } from './stream-recorder.js'
import { lambdaProviderWithEvents } from './index.js'

// Lambda's share of the test kit: how each HTTP trigger's event is built and its result read back.

function takeCookies(headers: Record<string, string[]>): string[] {
  const cookies = headers['set-cookie'] ?? []
  delete headers['set-cookie']
  return cookies
}

function lowerCaseKeys(map: unknown): Set<string> {
  return new Set(typeof map === 'object' && map !== null ? Object.keys(map).map((k) => k.toLowerCase()) : [])
}

// REST APIs merge both maps; for a name present in both, only the multiValueHeaders values are sent.
function decodeV1(trigger: string) {
  const rules = { keys: ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'] }
  return (result: unknown) =>
    decodeCommonResult(trigger, result, rules, (into, r) => {
      const inMulti = lowerCaseKeys(r.multiValueHeaders)
      addHeaderMap(trigger, into, r.headers, false, result, (name) => inMulti.has(name))
      addHeaderMap(trigger, into, r.multiValueHeaders, true, result)
      return takeCookies(into)
    })
}

// Payload 2.0 (HTTP APIs and Function URLs) infers the response when the function's JSON has no statusCode:
// 200, `content-type: application/json`, and that JSON as the body.
function inferred(payload: unknown): DecodedResponse {
  return { status: 200, headers: { 'content-type': ['application/json'] }, cookies: [], body: Buffer.from(JSON.stringify(payload)), isBase64Encoded: false }
}

function decodeV2(trigger: string) {
  const rules = { keys: ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'] }
  return (result: unknown): DecodedResponse => {
    const payload = platformPayload(trigger, result)
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !('statusCode' in payload)) return inferred(payload)
    return decodeCommonResult(trigger, payload, rules, (into, r) => {
      addHeaderMap(trigger, into, r.headers, false, result)
      // A set-cookie header goes through as one header; cookies[] adds one Set-Cookie each.
      const cookies = takeCookies(into)
      if (r.cookies === undefined || r.cookies === null) return cookies
      if (!Array.isArray(r.cookies) || r.cookies.some((c) => typeof c !== 'string')) throw new ResultShapeError(trigger, 'has cookies that are not a list of strings', result)
      return [...cookies, ...(r.cookies as string[])]
    })
  }
}

// ALB reads `multiValueHeaders` when the target group has multi-value headers on, `headers` otherwise, and
// needs the status description and the base64 flag.
function decodeAlb(multiValue: boolean) {
  const trigger = 'aws/alb'
  const map = multiValue ? 'multiValueHeaders' : 'headers'
  const other = multiValue ? 'headers' : 'multiValueHeaders'
  const rules = { keys: ['statusCode', 'statusDescription', map, 'body', 'isBase64Encoded'], requireBase64Flag: true }
  return (result: unknown): DecodedResponse => {
    if (typeof result === 'object' && result !== null && (result as Record<string, unknown>)[other] !== undefined) {
      throw new ResultShapeError(trigger, `has ${other}, which ALB ignores when multi-value headers are ${multiValue ? 'on' : 'off'} (it reads ${map})`, result)
    }
    return decodeCommonResult(trigger, result, rules, (into, r) => {
      // Optional for ALB (the status code alone is required); when given, a status line such as "200 OK".
      const description = r.statusDescription
      if (description !== undefined && (typeof description !== 'string' || !/^\d{3}( |$)/.test(description))) {
        throw new ResultShapeError(trigger, `has a statusDescription that is not a status line such as "200 OK": ${JSON.stringify(description)}`, result)
      }
      if (r[map] === undefined) throw new ResultShapeError(trigger, `has no ${map}`, result)
      addHeaderMap(trigger, into, r[map], multiValue, result)
      return takeCookies(into)
    })
  }
}

/**
 * A streamed answer's prelude, read as the gateway reads it: only `keys` are allowed, `statusCode` (200 when
 * absent) must be an integer, `cookies` a list of strings. REST APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html;
 * Function URLs take what `awslambda.HttpResponseStream.from` is given (status, headers, cookies).
 */
function decodePrelude(trigger: string, keys: readonly string[], addHeaders: (into: Record<string, string[]>, prelude: Record<string, unknown>) => void, preludeLimit = Infinity) {
  return (prelude: Record<string, unknown>, body: Buffer, preludeBytes: number): DecodedResponse => {
    if (preludeBytes + 8 > preludeLimit) throw new ResultShapeError(trigger, `prelude and its delimiter take ${preludeBytes + 8} bytes; the gateway wants them within the first ${preludeLimit}`, prelude)
    for (const key of Object.keys(prelude)) {
      if (!keys.includes(key)) throw new ResultShapeError(trigger, `prelude has key ${key}, which the gateway does not take (it reads ${keys.join(', ')})`, prelude)
    }
    const status = prelude.statusCode ?? 200
    if (!Number.isInteger(status)) throw new ResultShapeError(trigger, 'prelude has a statusCode that is not an integer', prelude)
    const headers: Record<string, string[]> = {}
    addHeaders(headers, prelude)
    const cookies = takeCookies(headers)
    if (prelude.cookies !== undefined) {
      if (!Array.isArray(prelude.cookies) || prelude.cookies.some((c) => typeof c !== 'string')) throw new ResultShapeError(trigger, 'prelude has cookies that are not a list of strings', prelude)
      cookies.push(...(prelude.cookies as string[]))
    }
    return { status: status as number, headers, cookies, body, isBase64Encoded: false }
  }
}

const apigwV1: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'apigw-v1',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: events.apiGatewayV1,
  decode: decodeV1('aws/apigw-v1'),
  // As in buffered results, the multiValueHeaders value wins for a name in both maps.
  decodeStream: decodePrelude('aws/apigw-v1', ['statusCode', 'headers', 'multiValueHeaders', 'cookies'], (into, p) => {
    const inMulti = lowerCaseKeys(p.multiValueHeaders)
    addHeaderMap('aws/apigw-v1', into, p.headers, false, p, (name) => inMulti.has(name))
    addHeaderMap('aws/apigw-v1', into, p.multiValueHeaders, true, p)
  }, 16 * 1024),
}

const apigwV2: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'apigw-v2',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'list', multipleCookies: true },
  event: events.apiGatewayV2,
  decode: decodeV2('aws/apigw-v2'),
}

const functionUrl: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'function-url',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'list', multipleCookies: true },
  event: events.functionUrl,
  decode: decodeV2('aws/function-url'),
  decodeStream: decodePrelude('aws/function-url', ['statusCode', 'headers', 'cookies'], (into, p) => addHeaderMap('aws/function-url', into, p.headers, false, p)),
}

const alb: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'alb',
  traits: { repeatedHeaders: 'last', repeatedQuery: 'last', multipleCookies: false },
  event: (init) => events.alb(init),
  decode: decodeAlb(false),
}

const albMultiValue: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'alb',
  variant: 'multi-value',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: (init) => events.alb({ ...init, multiValue: true }),
  decode: decodeAlb(true),
}

/** AWS Lambda's test kit. */
export const lambdaKit: ProviderKit = {
  provider: 'aws',
  platform: lambdaProviderWithEvents,
  context: (overrides) => events.lambdaContext(overrides),
  http: [apigwV2, apigwV1, functionUrl, alb, albMultiValue],
  streaming: {
    // An entry built with stream: true, or a handler marked by the runtime's own awslambda.streamifyResponse.
    form: (handler) =>
      streamingFormOf(handler) ?? ((handler as Record<symbol, unknown> | undefined)?.[LAMBDA_STREAMING] === 'response' ? (handler as StreamingForm) : undefined),
    recorder: (startedAt) => new RecordingResponseStream({ startedAt }),
  },
}

// How the Lambda runtime marks a streaming handler (aws-lambda-ric's UserFunction).
const LAMBDA_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming')
type StreamingForm = (event: unknown, responseStream: unknown, context?: unknown) => unknown
