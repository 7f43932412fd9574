import { addHeaderMap, decodeCommonResult, type DecodedResponse, type HttpTriggerKit, type ProviderKit } from '../../src/model/index.js'
import * as events from './factories.js'
import { scfProviderWithEvents } from './index.js'

// SCF's share of the test kit: the integration response may carry `set-cookie` as a list.

function decode(trigger: string) {
  const rules = { keys: ['isBase64Encoded', 'statusCode', 'headers', 'body'] }
  return (result: unknown): DecodedResponse =>
    decodeCommonResult(trigger, result, rules, (into, r) => {
      addHeaderMap(trigger, into, r.headers, false, result, (name) => name === 'set-cookie')
      // Set-Cookie, whatever its case, may be one value or a list.
      const cookies: Record<string, string[]> = {}
      for (const [name, value] of Object.entries(r.headers ?? {})) {
        if (name.toLowerCase() === 'set-cookie') addHeaderMap(trigger, cookies, { 'set-cookie': Array.isArray(value) ? value : [value] }, true, result)
      }
      return cookies['set-cookie'] ?? []
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
  platform: scfProviderWithEvents,
  context: (overrides) => events.scfContext(overrides),
  http: [apigw, functionUrl],
}
