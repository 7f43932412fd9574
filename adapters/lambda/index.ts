import type { Provider } from '../../src/model/index.js'
import { alb } from './alb.js'
import { apigwV1 } from './apigw-v1.js'
import { apigwV2 } from './apigw-v2.js'
import { describeLambdaContext } from './context.js'
import { functionUrl } from './function-url.js'

/** AWS Lambda: its triggers in detection order and its context reader. */
export const lambdaProvider: Provider = {
  name: 'aws',
  adapters: [apigwV2, functionUrl, apigwV1, alb],
  describe: describeLambdaContext,
}

export { alb, apigwV1, apigwV2, functionUrl }
