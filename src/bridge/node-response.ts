import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BinaryPredicate, NormalizedResult } from '../model/index.js'
import { finishResult } from '../runtime/result.js'
import type { BridgeSocket } from './socket.js'
import { dechunk, parseHead } from './wire.js'

/** A real `ServerResponse` writing into the bridge socket, without default chunked framing. */
export function createServerResponse(
  ServerResponseClass: typeof ServerResponse,
  req: IncomingMessage,
  socket: BridgeSocket,
): ServerResponse {
  const res = new ServerResponseClass(req)
  // Bodies are collected whole; chunked framing would only have to be removed again.
  res.useChunkedEncodingByDefault = false
  res.assignSocket(socket as never)
  return res
}

interface ResponseInternals {
  _header?: string | null
  chunkedEncoding?: boolean
}

/** Reads what the app wrote into a normalized result: status, the serialized head's headers, the body bytes. */
export function collectResponse(res: ServerResponse, socket: BridgeSocket, method: string, isBinary: BinaryPredicate | undefined): NormalizedResult {
  const internals = res as unknown as ResponseInternals
  const { headers, cookies } = parseHead(internals._header ?? '')
  const chunks = socket.chunks
  let body: Buffer | undefined = chunks.length === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
  // Only an app that sets Transfer-Encoding: chunked itself gets framed output.
  if (body !== undefined && internals.chunkedEncoding) body = dechunk(body)
  return finishResult(res.statusCode, headers, cookies, body, method, isBinary)
}
