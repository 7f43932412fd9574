import type { Provider } from '../../src/model/index.js'
import { apigw } from './apigw.js'
import { describeScfContext, describeScfWebRequest } from './context.js'
import { functionUrl } from './function-url.js'

/** Tencent Cloud SCF's HTTP triggers, in detection order, and its context readers. */
export const scfProvider: Provider = {
  name: 'tencent',
  adapters: [apigw, functionUrl],
  describe: describeScfContext,
  describeWebRequest: (headers) => describeScfWebRequest(headers),
}

export { apigw, functionUrl }
