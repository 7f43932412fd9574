import type { ResultLimit } from '../../src/model/index.js'

/**
 * SCF's synchronous response limit: 6 MB, base64 bodies at their encoded size
 * (https://cloud.tencent.com/document/product/583/11637).
 */
export const scfResultLimit: ResultLimit = {
  bytes: 6 * 1024 * 1024,
  platform: 'SCF (synchronous invocations)',
  advice: 'store it in COS and answer with a signed URL',
}
