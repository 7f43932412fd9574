import type { ResultLimit } from '../../src/model/index.js'

/**
 * FunctionGraph's synchronous response limit (APIG triggers call functions synchronously): 6 MB for "the returned
 * character string or the JSON character string of the serialized response body", base64 bodies at their encoded
 * size ("Notes and Constraints", Function Running Resource Constraints:
 * https://support.huaweicloud.com/intl/en-us/productdesc-functiongraph/functiongraph_01_0150.html).
 */
export const huaweiResultLimit: ResultLimit = {
  bytes: 6 * 1024 * 1024,
  platform: 'FunctionGraph (synchronous invocations)',
  advice: 'store it in OBS and answer with a signed URL',
}
