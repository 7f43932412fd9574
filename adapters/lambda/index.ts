import type { Provider } from '../../src/model/index.js'
import { alb } from './alb.js'
import { dynamodb } from './dynamodb.js'
import { apigwV1 } from './apigw-v1.js'
import { apigwV2 } from './apigw-v2.js'
import { describeLambdaContext } from './context.js'
import { eventBridge, schedule } from './eventbridge.js'
import { functionUrl } from './function-url.js'
import { kafka } from './kafka.js'
import { kinesis } from './kinesis.js'
import { s3 } from './s3.js'
import { sns } from './sns.js'
import { sqs } from './sqs.js'

// Two views of one provider: `handle()`/`serve()` take only the HTTP triggers, so a bundle that never calls
// `on()` carries none of the event readers.

/** AWS Lambda's HTTP triggers, in detection order, and its context reader. */
export const lambdaProvider: Provider = {
  name: 'aws',
  adapters: [apigwV2, functionUrl, apigwV1, alb],
  describe: describeLambdaContext,
}

/** Every AWS Lambda trigger, HTTP first (the hot path), for `on()`. */
export const lambdaProviderWithEvents: Provider = {
  name: 'aws',
  adapters: [apigwV2, functionUrl, apigwV1, alb, sqs, sns, s3, kinesis, dynamodb, kafka, schedule, eventBridge],
  describe: describeLambdaContext,
}

export { alb, apigwV1, apigwV2, dynamodb, eventBridge, functionUrl, kafka, kinesis, s3, schedule, sns, sqs }
