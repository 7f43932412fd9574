import type { ResultLimit } from '../../src/model/index.js'

/**
 * Cloud Run's limit on a response that is not streamed: 32 MiB over HTTP/1 (https://cloud.google.com/run/quotas,
 * "Maximum HTTP/1 server response size"). Chunked (streamed) responses are not bound by it.
 */
export const gcpResultLimit: ResultLimit = {
  bytes: 32 * 1024 * 1024,
  platform: 'Cloud Run (HTTP/1 responses that are not streamed)',
  advice: 'stream it (the stream option sends it chunked) or store it in Cloud Storage and answer with a signed URL',
}
