// handle(handler, { stream: true }): a plain handler whose result's body is a stream.
import { handle } from 'faasport'
import { BULK_HEADERS, FIRST, SSE_HEADERS, megabytesOf, nodeBody } from './bodies.mjs'

export const handler = handle(
  (request) => {
    const mb = megabytesOf(request.path)
    if (mb) return { statusCode: 200, headers: BULK_HEADERS, body: nodeBody(mb) }
    return {
      statusCode: 200,
      headers: SSE_HEADERS,
      body: (async function* () {
        yield FIRST
      })(),
    }
  },
  { stream: true },
)
