import { addHeaderMap, decodeCommonResult, type DecodedResponse, type HttpTriggerKit, type ProviderKit } from '../../src/model/index.js'
import * as events from './factories.js'

// SCF's share of the test kit: the integration response may carry `set-cookie` as a list.

function decode(trigger: string) {
  return (result: unknown): DecodedResponse =>
    decodeCommonResult(trigger, result, ['isBase64Encoded', 'statusCode', 'headers', 'body'], (into, r) => {
      const headers = (r.headers ?? {}) as Record<string, unknown>
      const { 'set-cookie': cookies, ...rest } = headers
      addHeaderMap(trigger, into, rest, false, result)
      const list: Record<string, string[]> = {}
      if (cookies !== undefined) addHeaderMap(trigger, list, { 'set-cookie': Array.isArray(cookies) ? cookies : [cookies] }, true, result)
      return list['set-cookie'] ?? []
    })
}

const apigw: HttpTriggerKit = {
  provider: 'tencent',
  trigger: 'apigw',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'list', multipleCookies: true },
  event: events.apiGateway,
  decode: decode('tencent/apigw'),
}

const functionUrl: HttpTriggerKit = {
  provider: 'tencent',
  trigger: 'function-url',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'list', multipleCookies: true },
  event: events.functionUrl,
  decode: decode('tencent/function-url'),
}

/** SCF's test kit. */
export const scfKit: ProviderKit = {
  provider: 'tencent',
  context: (overrides) => events.scfContext(overrides),
  http: [apigw, functionUrl],
}
