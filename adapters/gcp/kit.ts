import { ResultShapeError, untilAnswered, type DecodedResponse, type HttpTriggerKit, type ProviderKit } from '../../src/model/index.js'
import * as events from './factories.js'
import { gcpProviderWithEvents } from './index.js'

// Cloud Run functions' share of the test kit: HTTP calls go through the framework-shaped `(req, res)` pair and are
// read back from what `res` recorded; CloudEvent functions are called with the event alone.

function decodeRecorded(result: unknown): DecodedResponse {
  const recorded = result as events.GcpRecordedResponse
  if (typeof recorded?.statusCode !== 'number' || !Buffer.isBuffer(recorded.body)) throw new ResultShapeError('gcp/http', 'is not a recorded response', result)
  const headers: Record<string, string[]> = {}
  let cookies: string[] = []
  for (const [name, value] of Object.entries(recorded.headers)) {
    const values = Array.isArray(value) ? value : [value]
    if (name === 'set-cookie') cookies = values
    else headers[name] = values
  }
  const decoded: DecodedResponse = { status: recorded.statusCode, headers, cookies, body: recorded.body, isBase64Encoded: false }
  // A head flushed before the body ended is a streamed answer: the client read each write as it came.
  if (recorded.headFlushedEarly) decoded.chunks = recorded.chunks
  return decoded
}

const http: HttpTriggerKit = {
  provider: 'gcp',
  trigger: 'http',
  traits: { repeatedHeaders: 'list', repeatedQuery: 'list', multipleCookies: true },
  event: (init) => events.http(init).req,
  // The framework answers what the function writes to `res`, whatever it returns.
  call(entry, init) {
    const { req, res } = events.http(init)
    return untilAnswered(() => entry(req, res), res.finished)
  },
  decode: decodeRecorded,
}

/** Cloud Run functions' test kit: no platform context (the framework passes none). */
export const gcpKit: ProviderKit = {
  provider: 'gcp',
  platform: gcpProviderWithEvents,
  context: () => undefined,
  http: [http],
}
