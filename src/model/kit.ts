import type { HttpEventInit } from './event-init.js'
import type { Provider } from './adapter.js'
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
  /**
   * For answers written as a stream the caller reads as it comes (Cloud Run functions' `res`, Azure's body stream):
   * each chunk with its arrival time. Absent for answers taken whole.
   */
  chunks?: StreamedChunk[]
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
   * Calls an entry function the way this platform does and resolves to the raw platform result once the
   * answer is complete; rejects with the entry's own error if it fails first. It sets no time limit (the
   * caller does). Omitted for platforms that call `(event, context)`; responder-style platforms (FC 2.0)
   * build their request/response pair.
   */
  call?(entry: (...args: any[]) => unknown, init: HttpEventInit, context: unknown): Promise<unknown>
  /** Reads a result back, checking it has the shape this gateway accepts; throws naming what is wrong. */
  decode(result: unknown): DecodedResponse
  /**
   * For gateways that take streamed answers: reads a streamed answer's prelude and body back, checking the
   * prelude has the shape this gateway accepts.
   */
  decodeStream?(prelude: Record<string, unknown>, body: Buffer, preludeBytes: number): DecodedResponse
}

/** One chunk of a streamed body, as it arrived. */
export interface StreamedChunk {
  /** Milliseconds after the invocation started. */
  atMs: number
  /** The bytes of this write. */
  data: Buffer
}

/** What a streaming export wrote, as the caller of the function receives it. */
export interface StreamedResponse {
  /** Always true: the export answered through the platform's response streaming. */
  readonly streamed: true
  /** The content type the function set on the stream (the HTTP integration type for HTTP answers). */
  readonly contentType: string
  /** The JSON prelude of an HTTP answer (status, headers, cookies); undefined for any other content. */
  readonly prelude: Record<string, unknown> | undefined
  /** How many bytes the prelude's JSON took before its delimiter (REST APIs want it within 16 KB). */
  readonly preludeBytes: number
  /** The body: everything after the prelude, or the whole content when there is none. */
  readonly body: Buffer
  /** The body's chunks with their arrival times, to check that an answer really streamed. */
  readonly chunks: StreamedChunk[]
}

/**
 * The response stream a platform hands a streaming handler, as the test kit plays it: a Node writable that
 * records what was written, emits `prelude` (the parsed prelude) and `chunk` (each body chunk) as it goes.
 */
export interface ResponseStreamRecorder extends NodeJS.WritableStream {
  readonly writableFinished: boolean
  destroy(error?: Error): this
  /** Holds the next write back until `until` settles: a live reader passing on its own backpressure. */
  hold(until: Promise<void>): void
  /** What was written so far, as the caller receives it; throws when an HTTP answer's prelude is malformed. */
  response(): StreamedResponse
}

/** How a platform that runs streaming handlers runs them, for the test kit. */
export interface StreamingKit {
  /**
   * The form `(event, responseStream, context)` the platform would call for this export, or undefined when it
   * would call the export as a plain handler.
   */
  form(handler: unknown): ((event: unknown, responseStream: unknown, context?: unknown) => unknown) | undefined
  /** A fresh response stream as the platform's runtime hands it, timing chunks from `startedAt`. */
  recorder(startedAt: number): ResponseStreamRecorder
}

/** A provider's share of the test kit. */
export interface ProviderKit {
  provider: ProviderName
  /** Every adapter of the provider (to tell which provider an event comes from) and its context reader. */
  platform: Provider
  /** A mock platform context with the provider's own field names and a live countdown from `timeoutMs`. */
  context(overrides?: Record<string, unknown>): unknown
  /** Its HTTP triggers; the first is the default for `request()` and the CLI. */
  http: HttpTriggerKit[]
  /** How the platform hands a JSON event to the function, when not as the object itself (FC: a Buffer of JSON). */
  deliver?: (event: unknown) => unknown
  /** For platforms that run streaming handlers: how they run them. */
  streaming?: StreamingKit
  /**
   * For platforms whose factories hand tests a whole call (Azure: the trigger input and the `InvocationContext`
   * that names the trigger): the event and context in it, or undefined for anything else.
   */
  split?(value: unknown): { event: unknown; context: unknown } | undefined
}

/**
 * Calls an entry the way responder-style platforms do (FC 2.0, Cloud Run functions): the answer is what reaches the
 * response object, whatever the entry returns. Resolves with `answered`; rejects with the entry's own error if it
 * fails (throws or rejects) first. The caller bounds the wait.
 */
export function untilAnswered<T>(call: () => unknown, answered: Promise<T>): Promise<T> {
  const failed = new Promise<never>((_, reject) => {
    try {
      const returned = call() as PromiseLike<unknown> | undefined
      if (typeof returned?.then === 'function') returned.then(undefined, reject)
    } catch (error) {
      reject(error)
    }
  })
  return Promise.race([answered, failed])
}

/** Thrown by a kit's `decode` when a result does not have the shape its gateway accepts. */
export class ResultShapeError extends Error {
  constructor(trigger: string, problem: string, result: unknown) {
    let shown: string | undefined
    try {
      shown = JSON.stringify(result)?.slice(0, 500)
    } catch {
      shown = undefined
    }
    super(`${trigger} result ${problem}${shown === undefined ? '' : `: ${shown}`}`)
    this.name = 'ResultShapeError'
  }
}

/**
 * The result as the gateway receives it: the platform's runtime sends the handler's value as JSON
 * (`undefined` as `null`), so fields holding `undefined` vanish and `toJSON()` applies. Throws when the value
 * cannot be serialized, as the runtime would fail the invocation.
 */
export function platformPayload(trigger: string, result: unknown): unknown {
  let json: string | undefined
  try {
    json = JSON.stringify(result === undefined ? null : result)
  } catch (error) {
    throw new ResultShapeError(trigger, `cannot be serialized as JSON (${(error as Error).message})`, result)
  }
  return JSON.parse(json ?? 'null')
}

/** How a gateway reads the common result shape. */
export interface CommonResultRules {
  /** The keys the gateway reads; any other key is refused, since the gateway would silently drop it. */
  keys: readonly string[]
  /** Whether `isBase64Encoded` must be present (some gateways require it); otherwise a missing flag means false. */
  requireBase64Flag?: boolean
}

/**
 * Shared reader for the common `{ statusCode, headers, body, isBase64Encoded }` result shape, read as the
 * gateways read it: a missing `body` (or `null`) is empty, a missing `isBase64Encoded` is false.
 */
export function decodeCommonResult(
  trigger: string,
  result: unknown,
  rules: CommonResultRules,
  addHeaders: (into: Record<string, string[]>, r: Record<string, unknown>) => string[],
): DecodedResponse {
  const r = platformPayload(trigger, result)
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new ResultShapeError(trigger, 'is not an object', result)
  const fields = r as Record<string, unknown>
  for (const key of Object.keys(fields)) {
    if (!rules.keys.includes(key)) throw new ResultShapeError(trigger, `has key ${key}, which the gateway ignores (it reads ${rules.keys.join(', ')})`, result)
  }
  if (!Number.isInteger(fields.statusCode)) throw new ResultShapeError(trigger, fields.statusCode === undefined ? 'has no statusCode' : 'has a statusCode that is not an integer', result)
  const body = fields.body ?? ''
  if (typeof body !== 'string') throw new ResultShapeError(trigger, 'has a body that is not a string', result)
  const flag = fields.isBase64Encoded ?? (rules.requireBase64Flag ? undefined : false)
  if (typeof flag !== 'boolean') throw new ResultShapeError(trigger, flag === undefined ? 'has no isBase64Encoded' : 'has an isBase64Encoded that is not a boolean', result)
  const headers: Record<string, string[]> = {}
  const cookies = addHeaders(headers, fields)
  return {
    status: fields.statusCode as number,
    headers,
    cookies,
    body: Buffer.from(body, flag ? 'base64' : 'utf8'),
    isBase64Encoded: flag,
  }
}

/**
 * Adds a header map (`multi`: lists of values) to `into` under lower-case names, checking values are strings.
 * Names for which `skip` returns true are left out.
 */
export function addHeaderMap(
  trigger: string,
  into: Record<string, string[]>,
  map: unknown,
  multi: boolean,
  result: unknown,
  skip?: (lowerCaseName: string) => boolean,
): void {
  if (map === undefined || map === null) return
  if (typeof map !== 'object' || Array.isArray(map)) throw new ResultShapeError(trigger, 'has a header map that is not an object', result)
  for (const [name, value] of Object.entries(map)) {
    if (skip?.(name.toLowerCase())) continue
    const values: unknown = multi ? value : [value]
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new ResultShapeError(trigger, `has a bad value for header ${name}`, result)
    ;(into[name.toLowerCase()] ??= []).push(...(values as string[]))
  }
}
