import { addHeaderMap, decodeCommonResult, type DecodedResponse, type HttpTriggerKit, type ProviderKit } from '../../src/model/index.js'
import * as events from './factories.js'
import { huaweiProviderWithEvents } from './index.js'

// FunctionGraph's share of the test kit: the APIG result carries one string per header, Set-Cookie included.

function decode(result: unknown): DecodedResponse {
  return decodeCommonResult('huawei/apig', result, { keys: ['isBase64Encoded', 'statusCode', 'headers', 'body'] }, (into, r) => {
    addHeaderMap('huawei/apig', into, r.headers, false, result)
    const cookies = into['set-cookie'] ?? []
    delete into['set-cookie']
    return cookies
  })
}

const apig: HttpTriggerKit = {
  provider: 'huawei',
  trigger: 'apig',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'list', multipleCookies: false },
  event: events.apig,
  decode,
}

/** FunctionGraph's test kit. */
export const huaweiKit: ProviderKit = {
  provider: 'huawei',
  platform: huaweiProviderWithEvents,
  context: (overrides) => events.huaweiContext(overrides as events.HuaweiContextInit | undefined),
  http: [apig],
}
