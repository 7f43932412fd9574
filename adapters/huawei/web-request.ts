import type { Provider } from '../../src/model/index.js'
import { describeHuaweiContext, describeHuaweiWebRequest } from './context.js'

/**
 * FunctionGraph as `listen()` sees it: the `X-CFF-*` headers FunctionGraph adds to the requests of HTTP functions
 * (a web server on port 8000), without FunctionGraph's event adapters, so every entry's `listen()` can read them.
 */
export const huaweiWebProvider: Provider = {
  name: 'huawei',
  adapters: [],
  describe: describeHuaweiContext,
  describeWebRequest: describeHuaweiWebRequest,
  // HTTP functions must listen on 8000 ("Creating an HTTP Function"); FunctionGraph sets RUNTIME_FUNC_NAME and
  // RUNTIME_PROJECT_ID in every function's environment ("Configuring Environment Variables", reserved variables).
  webPort: (env) => (env.RUNTIME_FUNC_NAME !== undefined && env.RUNTIME_PROJECT_ID !== undefined ? 8000 : undefined),
}
