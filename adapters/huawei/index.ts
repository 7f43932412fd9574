import type { Provider } from '../../src/model/index.js'
import { apig } from './apig.js'
import { describeHuaweiContext, describeHuaweiWebRequest } from './context.js'
import { dms } from './dms.js'
import { obs } from './obs.js'
import { smn } from './smn.js'
import { timer } from './timer.js'

// Every adapter here claims an event only with a FunctionGraph context (an object with getRequestID()): the APIG
// event looks like a Lambda REST event and the S3-compatible OBS event like an S3 one, so the all-clouds entry
// asks Huawei first and the context decides.

/** Huawei Cloud FunctionGraph's HTTP triggers, in detection order, and its context readers. */
export const huaweiProvider: Provider = {
  name: 'huawei',
  adapters: [apig],
  describe: describeHuaweiContext,
  describeWebRequest: describeHuaweiWebRequest,
}

/** Every Huawei Cloud FunctionGraph trigger, HTTP first, for `on()`. */
export const huaweiProviderWithEvents: Provider = {
  name: 'huawei',
  adapters: [apig, timer, obs, smn, dms],
  describe: describeHuaweiContext,
  describeWebRequest: describeHuaweiWebRequest,
}

export { apig, dms, obs, smn, timer }
