import type { Provider } from '../../src/model/index.js'
import { apigw } from './apigw.js'
import { describeScfContext, describeScfWebRequest } from './context.js'
import { cos } from './cos.js'
import { functionUrl } from './function-url.js'
import { ckafka, cmq } from './messages.js'
import { timer } from './timer.js'

/** Tencent Cloud SCF's HTTP triggers, in detection order, and its context readers. */
export const scfProvider: Provider = {
  name: 'tencent',
  adapters: [apigw, functionUrl],
  describe: describeScfContext,
  describeWebRequest: (headers) => describeScfWebRequest(headers),
}

/** Every SCF trigger, HTTP first, for `on()`. */
export const scfProviderWithEvents: Provider = {
  name: 'tencent',
  adapters: [apigw, functionUrl, timer, cos, cmq, ckafka],
  describe: describeScfContext,
  describeWebRequest: (headers) => describeScfWebRequest(headers),
}

export { apigw, ckafka, cmq, cos, functionUrl, timer }
