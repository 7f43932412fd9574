import { appendHeader, createHeaders, finishResult, hasNoBody, isHopByHop, type BinaryPredicate, type Completion, type ResponseHead } from '../model/index.js'
import { answerWithSource } from './body-source.js'

/** True for a WHATWG `Response` (or a look-alike with its status, headers and body reader). */
export function isResponse(value: unknown): value is Response {
  const r = value as Response | null | undefined
  return typeof r?.arrayBuffer === 'function' && typeof r.status === 'number' && typeof r.headers?.get === 'function'
}

/** A `Response`'s status, headers and every Set-Cookie, by the rules of any answer. */
export function responseHead(response: Response): ResponseHead {
  const headers = createHeaders()
  // getSetCookie keeps each Set-Cookie apart; a Headers implementation without it can only give them joined.
  const split = typeof response.headers.getSetCookie === 'function'
  response.headers.forEach((value, name) => {
    if ((name !== 'set-cookie' || !split) && !isHopByHop(name)) appendHeader(headers, name, value)
  })
  return { statusCode: response.status, headers, cookies: split ? response.headers.getSetCookie() : [] }
}

/**
 * Answers with a WHATWG `Response` (from a fetch-style app or a handler): its body streamed where the platform
 * takes bodies as they come, else read whole.
 */
export function answerWithResponse<T>(response: Response, method: string, isBinary: BinaryPredicate | undefined, done: Completion<T>): T | Promise<T> {
  const head = responseHead(response)
  const body = response.body
  if (body === null) return done.complete(finishResult(head.statusCode, head.headers, head.cookies, undefined, method, isBinary))
  if (done.open || hasNoBody(method, head.statusCode)) return answerWithSource(head, body, method, isBinary, done)
  // Buffered: the platform's own reader collects the body in one call.
  return response.arrayBuffer().then(
    (bytes) => done.complete(finishResult(head.statusCode, head.headers, head.cookies, Buffer.from(bytes), method, isBinary)),
    (error: unknown) => done.fail(error),
  )
}
