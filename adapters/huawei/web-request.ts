import type { Provider } from '../../src/model/index.js'
import { describeHuaweiContext, describeHuaweiWebRequest } from './context.js'

/**
 * FunctionGraph as `listen()` sees it: the `X-CFF-*` headers FunctionGraph adds to the requests of HTTP functions
 * (a web server on port 8000), without FunctionGraph's event adapters, so every entry's `listen()` can read them.
 */
export const huaweiWebProvider: Provider = { name: 'huawei', adapters: [], describe: describeHuaweiContext, describeWebRequest: (headers) => describeHuaweiWebRequest(headers) }
