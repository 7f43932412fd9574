// The control, and the floor: a streaming handler written by hand against the runtime's own API, as the AWS
// docs show it. `awslambda` is the global the runtime client defines before it loads this module.
import { pipeline } from 'node:stream/promises'
import { BULK_HEADERS, FIRST, SSE_HEADERS, megabytesOf, nodeBody } from './bodies.mjs'

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const mb = megabytesOf(event.rawPath)
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: mb ? BULK_HEADERS : SSE_HEADERS })
  if (mb) return pipeline(nodeBody(mb), stream)
  // The runtime sends the prelude with the first write (never with end(chunk)).
  stream.write(FIRST)
  stream.end()
})
