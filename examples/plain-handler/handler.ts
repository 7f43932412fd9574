import { handle } from 'faasport'

/**
 * A plain handler: no web framework, no Node http emulation. It gets the normalized request and the
 * invocation, and returns a value; faasport shapes the gateway's answer.
 */
export const handler = handle(async (req, invocation) => {
  if (req.method === 'POST' && req.path === '/echo') {
    return { statusCode: 200, headers: { 'content-type': req.header('content-type') ?? 'text/plain' }, body: req.body ?? '' }
  }
  if (req.path === '/hello') {
    const name = typeof req.query.name === 'string' ? req.query.name : 'world'
    return {
      message: `Hello, ${name}`,
      provider: invocation.provider,
      trigger: invocation.trigger,
      coldStart: invocation.coldStart,
    }
  }
  return { statusCode: 404, body: { error: `nothing at ${req.path}` } }
})
