import type { ResultLimit } from '../../src/model/index.js'

/**
 * Lambda's synchronous response limit: 6 MB (MiB) for the JSON the runtime sends, base64 bodies at their encoded
 * size (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). It enforces 6,291,556 bytes,
 * 6 MiB and 100 (its error: "Response payload size exceeded maximum allowed payload size (6291556 bytes)").
 */
export const lambdaResultLimit: ResultLimit = {
  bytes: 6_291_556,
  platform: 'Lambda (synchronous invocations)',
  advice: 'stream it (stream: true, behind a Function URL in RESPONSE_STREAM mode or a REST API integration that streams), or store it in S3 and answer with a pre-signed link',
}

/**
 * ALB's limit for a Lambda target's answer: 1 MB of response JSON
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html).
 */
export const albResultLimit: ResultLimit = {
  bytes: 1024 * 1024,
  platform: 'ALB (Lambda targets)',
  advice: 'store it in S3 and answer with a pre-signed link, or serve it from a Function URL in RESPONSE_STREAM mode',
}
