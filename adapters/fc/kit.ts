import { addHeaderMap, decodeCommonResult, ResultShapeError, untilAnswered, type DecodedResponse, type HttpTriggerKit, type ProviderKit } from '../../src/model/index.js'
import * as events from './factories.js'
import { fcProviderWithEvents } from './index.js'

// Function Compute's share of the test kit.

function decodeJson(trigger: string) {
  return (result: unknown): DecodedResponse =>
    decodeCommonResult(trigger, result, { keys: ['statusCode', 'headers', 'isBase64Encoded', 'body'] }, (into, r) => {
      addHeaderMap(trigger, into, r.headers, false, result)
      const cookies = into['set-cookie'] ?? []
      delete into['set-cookie']
      return cookies
    })
}

function decodeRecorded(result: unknown): DecodedResponse {
  const recorded = result as events.RecordedResponse
  if (typeof recorded?.statusCode !== 'number') throw new ResultShapeError('aliyun/http-v2', 'is not a recorded response', result)
  if (recorded.sends !== 1) throw new ResultShapeError('aliyun/http-v2', `called resp.send ${recorded.sends} times`, { ...recorded, body: undefined })
  const headers: Record<string, string[]> = {}
  let cookies: string[] = []
  for (const [name, value] of Object.entries(recorded.headers)) {
    const values = Array.isArray(value) ? value : [value]
    if (name === 'set-cookie') cookies = values
    else headers[name] = values
  }
  return { status: recorded.statusCode, headers, cookies, body: recorded.body ?? Buffer.alloc(0), isBase64Encoded: false }
}

const httpV3: HttpTriggerKit = {
  provider: 'aliyun',
  trigger: 'http-v3',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'joined', multipleCookies: false },
  event: events.httpV3,
  decode: decodeJson('aliyun/http-v3'),
}

const apigw: HttpTriggerKit = {
  provider: 'aliyun',
  trigger: 'apigw',
  traits: { repeatedHeaders: 'joined', repeatedQuery: 'list', multipleCookies: false },
  event: events.apiGateway,
  decode: decodeJson('aliyun/apigw'),
}

const httpV2: HttpTriggerKit = {
  provider: 'aliyun',
  trigger: 'http-v2',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: events.httpV2,
  // FC 2.0 answers when the handler calls resp.send, whatever its return value.
  call(entry, init, context) {
    const { req, resp } = events.httpV2(init)
    return untilAnswered(() => entry(req, resp, context), resp.sent)
  },
  decode: decodeRecorded,
}

/** Function Compute's test kit. */
export const fcKit: ProviderKit = {
  provider: 'aliyun',
  platform: fcProviderWithEvents,
  context: (overrides) => events.fcContext(overrides),
  http: [httpV3, apigw, httpV2],
  deliver: events.toBuffer,
}
