import {
  addHeaderMap,
  decodeCommonResult,
  ResultShapeError,
  type HttpTriggerKit,
  type ProviderKit,
} from '../../src/model/index.js'
import * as events from './factories.js'

// Lambda's share of the test kit: how each HTTP trigger's event is built and its result read back.

function takeCookies(headers: Record<string, string[]>): string[] {
  const cookies = headers['set-cookie'] ?? []
  delete headers['set-cookie']
  return cookies
}

function decodeV1(trigger: string) {
  return (result: unknown) =>
    decodeCommonResult(trigger, result, ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'], (into, r) => {
      addHeaderMap(trigger, into, r.headers, false, result)
      addHeaderMap(trigger, into, r.multiValueHeaders, true, result)
      return takeCookies(into)
    })
}

function decodeV2(trigger: string) {
  return (result: unknown) =>
    decodeCommonResult(trigger, result, ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'], (into, r) => {
      addHeaderMap(trigger, into, r.headers, false, result)
      if (into['set-cookie']) throw new ResultShapeError(trigger, 'sends Set-Cookie as a header instead of cookies[]', result)
      if (r.cookies === undefined) return []
      if (!Array.isArray(r.cookies) || r.cookies.some((c) => typeof c !== 'string')) throw new ResultShapeError(trigger, 'has cookies that are not a list of strings', result)
      return [...(r.cookies as string[])]
    })
}

function decodeAlb(result: unknown) {
  const trigger = 'aws/alb'
  return decodeCommonResult(trigger, result, ['statusCode', 'statusDescription', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'], (into, r) => {
    if (typeof r.statusDescription !== 'string' || !/^\d{3} \S/.test(r.statusDescription)) throw new ResultShapeError(trigger, 'has no statusDescription', result)
    if ((r.headers === undefined) === (r.multiValueHeaders === undefined)) throw new ResultShapeError(trigger, 'needs exactly one header map', result)
    addHeaderMap(trigger, into, r.headers, false, result)
    addHeaderMap(trigger, into, r.multiValueHeaders, true, result)
    return takeCookies(into)
  })
}

const apigwV1: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'apigw-v1',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: events.apiGatewayV1,
  decode: decodeV1('aws/apigw-v1'),
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
}

const alb: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'alb',
  traits: { repeatedHeaders: 'last', repeatedQuery: 'last', multipleCookies: false },
  event: (init) => events.alb(init),
  decode: decodeAlb,
}

const albMultiValue: HttpTriggerKit = {
  provider: 'aws',
  trigger: 'alb',
  variant: 'multi-value',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: (init) => events.alb({ ...init, multiValue: true }),
  decode: decodeAlb,
}

/** AWS Lambda's test kit. */
export const lambdaKit: ProviderKit = {
  provider: 'aws',
  context: (overrides) => events.lambdaContext(overrides),
  http: [apigwV2, apigwV1, functionUrl, alb, albMultiValue],
}
