import type { Provider } from '../../src/model/index.js'
import { apigw } from './apigw.js'
import { describeFcContext, describeFcWebRequest } from './context.js'
import { eventBridge, eventBridgeBatch } from './eventbridge.js'
import { httpV2 } from './http-v2.js'
import { httpV3 } from './http-v3.js'
import { mnsStream, mnsTopic } from './mns.js'
import { oss } from './oss.js'
import { sls } from './sls.js'
import { timer } from './timer.js'

// Two views of one provider, as for Lambda: handle()/serve() take only the HTTP triggers.

/** Alibaba Cloud Function Compute's HTTP triggers, in detection order, and its context readers. */
export const fcProvider: Provider = {
  name: 'aliyun',
  adapters: [httpV3, httpV2, apigw],
  describe: describeFcContext,
  describeWebRequest: describeFcWebRequest,
}

/** Every Function Compute trigger, HTTP first, for `on()`. */
export const fcProviderWithEvents: Provider = {
  name: 'aliyun',
  adapters: [httpV3, httpV2, apigw, timer, oss, mnsTopic, mnsStream, eventBridge, eventBridgeBatch, sls],
  describe: describeFcContext,
  describeWebRequest: describeFcWebRequest,
  unreadableBytesHint:
    'On Function Compute, an MNS topic trigger in STREAM format delivers a message without attributes as its bare body, ' +
    'which looks like this and cannot be recognised: set the subscription to the JSON notify format (NotifyContentFormat: JSON).',
}

export { apigw, eventBridge, eventBridgeBatch, httpV2, httpV3, mnsStream, mnsTopic, oss, sls, timer }
