import type { Provider } from '../../src/model/index.js'
import { describeFcContext, describeFcWebRequest } from './context.js'

/**
 * FC as `listen()` sees it: the request headers FC adds in front of custom runtimes and web functions, without
 * FC's event adapters, so every entry's `listen()` can read them.
 */
export const fcWebProvider: Provider = { name: 'aliyun', adapters: [], describe: describeFcContext, describeWebRequest: describeFcWebRequest }
