import type { Provider } from '../../src/model/index.js'
import { apigw } from './apigw.js'
import { describeFcContext, describeFcWebRequest } from './context.js'
import { httpV2 } from './http-v2.js'
import { httpV3 } from './http-v3.js'

/** Alibaba Cloud Function Compute's HTTP triggers, in detection order, and its context readers. */
export const fcProvider: Provider = {
  name: 'aliyun',
  adapters: [httpV3, httpV2, apigw],
  describe: describeFcContext,
  describeWebRequest: describeFcWebRequest,
}

export { apigw, httpV2, httpV3 }
