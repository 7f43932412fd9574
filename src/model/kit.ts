import type { HttpEventInit } from './event-init.js'
import type { ProviderName } from './invocation.js'

// What each provider hands the test kit (`faasport/testing`) and the CLI: how to build its HTTP events and
// contexts, how the platform calls the entry function, and how to read a result back.

/** A platform result read back into plain HTTP terms. */
export interface DecodedResponse {
  status: number
  /** Lower-case names, every value in order (values a gateway comma-joined stay joined). */
  headers: Record<string, string[]>
  /** Every Set-Cookie value, apart. */
  cookies: string[]
  body: Buffer
  /** Whether the platform carried the body as base64. */
  isBase64Encoded: boolean
}

/** How a gateway treats repeats: every value kept, joined with commas, or only the last one. */
export type RepeatHandling = 'list' | 'joined' | 'last'

/** One HTTP trigger (or one form of it, like ALB with multi-value headers) for tests. */
export interface HttpTriggerKit {
  provider: ProviderName
  /** The trigger name, as in `invocation.trigger`. */
  trigger: string
  /** Distinguishes forms of one trigger, e.g. `multi-value` for ALB. */
  variant?: string
  /** How this gateway carries what tests often check. */
  traits: {
    repeatedHeaders: RepeatHandling
    repeatedQuery: RepeatHandling
    /** Whether several Set-Cookie headers reach the client. */
    multipleCookies: boolean
  }
  /** A real-shaped event for the request described. */
  event(init: HttpEventInit): unknown
  /**
   * Calls an entry function the way this platform does and returns the raw platform result. Omitted for
   * platforms that call `(event, context)`; responder-style platforms (FC 2.0) build their request/response pair.
   */
  call?(entry: (...args: any[]) => unknown, init: HttpEventInit, context: unknown): Promise<unknown>
  /** Reads a result back, checking it has the shape this gateway accepts; throws naming what is wrong. */
  decode(result: unknown): DecodedResponse
}

/** A provider's share of the test kit. */
export interface ProviderKit {
  provider: ProviderName
  /** A mock platform context with the provider's own field names and a live countdown from `timeoutMs`. */
  context(overrides?: Record<string, unknown>): unknown
  /** Its HTTP triggers; the first is the default for `request()` and the CLI. */
  http: HttpTriggerKit[]
}

/** Thrown by a kit's `decode` when a result does not have the shape its gateway accepts. */
export class ResultShapeError extends Error {
  constructor(trigger: string, problem: string, result: unknown) {
    let shown: string
    try {
      shown = JSON.stringify(result)?.slice(0, 500) ?? String(result)
    } catch {
      shown = String(result)
    }
    super(`${trigger} result ${problem}: ${shown}`)
    this.name = 'ResultShapeError'
  }
}

/** Shared reader for the common `{ statusCode, headers, body, isBase64Encoded }` result shape. */
export function decodeCommonResult(
  trigger: string,
  result: unknown,
  allowedKeys: readonly string[],
  addHeaders: (into: Record<string, string[]>, r: Record<string, unknown>) => string[],
): DecodedResponse {
  if (typeof result !== 'object' || result === null) throw new ResultShapeError(trigger, 'is not an object', result)
  const r = result as Record<string, unknown>
  for (const key of Object.keys(r)) if (!allowedKeys.includes(key)) throw new ResultShapeError(trigger, `has unexpected key ${key}`, result)
  if (!Number.isInteger(r.statusCode)) throw new ResultShapeError(trigger, 'has no integer statusCode', result)
  if (typeof r.body !== 'string') throw new ResultShapeError(trigger, 'has a body that is not a string', result)
  if (typeof r.isBase64Encoded !== 'boolean') throw new ResultShapeError(trigger, 'has no boolean isBase64Encoded', result)
  const headers: Record<string, string[]> = {}
  const cookies = addHeaders(headers, r)
  return {
    status: r.statusCode as number,
    headers,
    cookies,
    body: Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8'),
    isBase64Encoded: r.isBase64Encoded,
  }
}

/** Adds a header map (`multi`: lists of values) to `into` under lower-case names, checking values are strings. */
export function addHeaderMap(trigger: string, into: Record<string, string[]>, map: unknown, multi: boolean, result: unknown): void {
  if (map === undefined) return
  if (typeof map !== 'object' || map === null) throw new ResultShapeError(trigger, 'has a header map that is not an object', result)
  for (const [name, value] of Object.entries(map)) {
    const values: unknown = multi ? value : [value]
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new ResultShapeError(trigger, `has a bad value for header ${name}`, result)
    ;(into[name.toLowerCase()] ??= []).push(...(values as string[]))
  }
}
