import { fcWebProvider } from '../../adapters/fc/web-request.js'
import { huaweiWebProvider } from '../../adapters/huawei/web-request.js'
import { scfWebProvider } from '../../adapters/scf/web-request.js'

/**
 * Whose request headers `listen()` reads, in every entry: the code of a web function does not say which cloud
 * runs it, so `x-scf-request-id`, `x-fc-request-id` and `x-cff-request-id` count wherever they arrive.
 */
export const webProviders = [scfWebProvider, fcWebProvider, huaweiWebProvider]
