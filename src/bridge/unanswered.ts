import type { ServerResponse } from 'node:http'
import { AppNotSupportedError, describeValue } from '../model/index.js'

// A function declaring two parameters is run as a Node `(req, res)` listener, and a plain `(request, invocation)`
// handler declares two as well. Run as a listener, such a handler returns its result and never touches `res`:
// without this check the invocation would wait until the platform's timeout (or, under listen(), forever).

/** What a plain handler returns: a string, number or boolean, bytes, a `Response`, an array or a plain object. */
function isHandlerResult(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return true
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto === Object.prototype || proto === null) return true
  return typeof (value as Response).arrayBuffer === 'function' && typeof (value as Response).status === 'number'
}

/**
 * The error for a Node listener that gave back a plain handler's result (`value`, returned or resolved) and has
 * not started its response; undefined when the listener behaves as a listener (returns nothing, `res`, a timer...).
 */
export function unansweredResult(value: unknown, res: ServerResponse, entry: string): AppNotSupportedError | undefined {
  if (value === undefined || value === res || res.headersSent || res.writableEnded || !isHandlerResult(value)) return undefined
  const seen = typeof value === 'object' ? describeValue(value) : `a ${typeof value}`
  return new AppNotSupportedError(
    seen,
    `faasport: ${entry} ran this function as a Node (req, res) listener, as it declares two or more parameters, but it returned ${seen} without answering through res. Wrap a plain (request, invocation) handler in handle(); pass { kind: 'fetch' } for a fetch handler.`,
  )
}
