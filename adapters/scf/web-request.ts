import type { Provider } from '../../src/model/index.js'
import { describeScfContext, describeScfWebRequest } from './context.js'

/**
 * SCF as `listen()` sees it: the `x-scf-request-id` header of web functions and SCF's environment, without
 * SCF's event adapters, so every entry's `listen()` can read them.
 */
export const scfWebProvider: Provider = { name: 'tencent', adapters: [], describe: describeScfContext, describeWebRequest: (headers) => describeScfWebRequest(headers) }
