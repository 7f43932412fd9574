// The API's own domain: `<api-id>.execute-api.<region>.amazonaws.com` (`.amazonaws.com.cn` in China regions).
const EXECUTE_API_DOMAIN = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/i

/**
 * The HTTP API stage that prefixes the request path, or undefined. A named stage is in the path only on the
 * API's default execute-api domain; behind a custom domain the path carries no stage even though
 * `requestContext.stage` names one, so nothing is stripped there (a stage `v1` must not eat a `/v1/...` route).
 */
export function pathStage(requestContext: { stage?: unknown; domainName?: unknown }): string | undefined {
  const { stage, domainName } = requestContext
  if (typeof stage !== 'string' || stage === '' || stage === '$default') return undefined
  return typeof domainName === 'string' && EXECUTE_API_DOMAIN.test(domainName) ? stage : undefined
}
