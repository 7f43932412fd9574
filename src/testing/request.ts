import {
  ResultShapeError,
  type DecodedResponse,
  type HttpEventInit,
  type HttpTriggerKit,
  type ProviderKit,
  type ProviderName,
  type ResponseStreamRecorder,
  type StreamedChunk,
  type StreamedResponse,
} from '../model/index.js'
import { DEFAULT_TIMEOUT_MS, runHandler, runStreaming, withTimeout, type InvokeOptions, type LateReporter } from './invoke.js'
import { pickTrigger } from './triggers.js'

/** Which HTTP trigger to send a test request through, and the request itself. */
export interface TestRequestInit extends HttpEventInit {
  /**
   * Default: the provider `trigger` names (the first provider of the entry point when it has that trigger,
   * else the only one that has it), or the first provider (`aws` for `faasport/testing`).
   */
  provider?: ProviderName
  /** Default: the provider's main HTTP trigger (`apigw-v2` on AWS, `http-v3` on FC, `apigw` on SCF). */
  trigger?: string
  /** A form of the trigger, e.g. `multi-value` for ALB. */
  variant?: string
  /** The platform context; default `mockContext(provider, { timeoutMs })`. */
  context?: unknown
  /**
   * Fail with `InvokeError('timeout')` when the handler takes longer, as the platform would stop it. Default:
   * the context's remaining time (3 000 ms for a fresh mock context).
   */
  timeoutMs?: number
}

/** A decoded test response: the same shape whatever the gateway. */
export interface TestResponse {
  /** The HTTP status code. */
  status: number
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>
  /** Lower-case names, every value apart. */
  headerValues: Record<string, string[]>
  /** Every Set-Cookie value, whether the gateway used `multiValueHeaders`, `cookies[]` or a list. */
  cookies: string[]
  /** The body bytes, decoded from base64 when the gateway carried it so. */
  body: Buffer
  /** Whether the gateway carried the body as base64. */
  isBase64Encoded: boolean
  /** Whether the answer was streamed (a `stream: true` export on a trigger that streams). */
  streamed: boolean
  /** A streamed answer's body chunks with their arrival times; empty for a buffered answer. */
  chunks: StreamedChunk[]
  /** The raw platform result (a `StreamedResponse` for a streaming export). */
  raw: unknown
  /** The body as UTF-8. */
  text(): string
  /** The body parsed as JSON. */
  json<T = any>(): T
}

/** Follows a streamed answer as it arrives (the local gateway forwards it live). */
export interface LiveAnswer {
  /** The head, as soon as the prelude has arrived: lower-case names, every value apart. */
  head(status: number, headers: Record<string, string[]>, cookies: string[]): void
  /** One chunk of the body, as it arrives; a promise holds the next one back until it settles (backpressure). */
  chunk(data: Buffer): void | Promise<void>
  /** Receives the function that ends the answer from the reader's side (a client that went away). */
  abort?(stop: () => void): void
}

/** An HTTP trigger `request()` can use, for tests that loop over every gateway. */
export interface HttpTriggerRef {
  /** The provider the trigger belongs to. */
  provider: ProviderName
  /** The trigger's name, as `request()` takes it, e.g. `apigw-v2`. */
  trigger: string
  /** The form of the trigger, as `request()` takes it (e.g. `multi-value` for ALB); undefined for the usual form. */
  variant: string | undefined
  /** `provider/trigger` plus the variant, for test titles. */
  label: string
  /** How the gateway carries repeats and cookies, so one assertion can fit every trigger. */
  traits: HttpTriggerKit['traits']
}

function toResponse(decoded: DecodedResponse, raw: unknown): TestResponse {
  const headers: Record<string, string> = {}
  for (const [name, values] of Object.entries(decoded.headers)) headers[name] = values.join(', ')
  const body = decoded.body
  return {
    status: decoded.status,
    headers,
    headerValues: decoded.headers,
    cookies: decoded.cookies,
    body,
    isBase64Encoded: decoded.isBase64Encoded,
    // A decoded answer with chunks was read as a stream; one without was taken whole.
    streamed: decoded.chunks !== undefined,
    chunks: decoded.chunks ?? [],
    raw,
    text: () => body.toString('utf8'),
    json: () => JSON.parse(body.toString('utf8')),
  }
}

function label(t: HttpTriggerKit): string {
  return `${t.provider}/${t.trigger}${t.variant ? ` (${t.variant})` : ''}`
}

/**
 * What the trigger's caller receives from a streaming export: a streamed HTTP answer read from its prelude, or,
 * for a trigger that cannot stream (ALB, HTTP APIs), the JSON result written as the stream's content.
 */
function fromStream(trigger: HttpTriggerKit, streamed: StreamedResponse): TestResponse {
  const name = `${trigger.provider}/${trigger.trigger}`
  if (streamed.prelude !== undefined) {
    if (!trigger.decodeStream) throw new ResultShapeError(name, 'is a streamed HTTP answer, but this trigger cannot stream (it reads a JSON result)', streamed.prelude)
    return toResponse({ ...trigger.decodeStream(streamed.prelude, streamed.body, streamed.preludeBytes), chunks: streamed.chunks }, streamed)
  }
  let payload: unknown
  try {
    payload = JSON.parse(streamed.body.toString('utf8'))
  } catch {
    throw new ResultShapeError(name, `is streamed content of type ${streamed.contentType} that is neither an HTTP answer nor a JSON result`, streamed.body.toString('utf8', 0, 200))
  }
  return toResponse(trigger.decode(payload), streamed)
}

/** Wires `live` to a response stream: the decoded head once the prelude is in, then each chunk. */
function follow(trigger: HttpTriggerKit, live: LiveAnswer): (stream: ResponseStreamRecorder) => void {
  return (stream) => {
    stream.on('prelude', (prelude: Record<string, unknown>) => {
      if (!trigger.decodeStream) return
      let head: DecodedResponse
      try {
        head = trigger.decodeStream(prelude, Buffer.alloc(0), 0)
      } catch {
        return // The answer fails as a whole when it ends; nothing is forwarded meanwhile.
      }
      live.head(head.status, head.headers, head.cookies)
      stream.on('chunk', (data: Buffer) => {
        const wait = live.chunk(data)
        if (wait) stream.hold(wait)
      })
    })
    live.abort?.(() => stream.destroy())
  }
}

/** An event as the adapters read it: FC delivers JSON as bytes. */
function readable(event: unknown): unknown {
  if (!(event instanceof Uint8Array)) return event
  try {
    return JSON.parse(Buffer.from(event.buffer, event.byteOffset, event.byteLength).toString('utf8'))
  } catch {
    return event
  }
}

/** The kit functions bound to the providers an entry point offers. */
export function createTestKit(kits: readonly ProviderKit[]) {
  const refs = kits.flatMap((k) => k.http)

  function providerKit(provider: ProviderName | undefined): ProviderKit {
    const kit = provider === undefined ? kits[0] : kits.find((k) => k.provider === provider)
    if (!kit) throw new TypeError(`faasport/testing: no provider ${JSON.stringify(provider)}; have ${kits.map((k) => k.provider).join(', ')}`)
    return kit
  }

  function triggerKit(init: Pick<TestRequestInit, 'provider' | 'trigger' | 'variant'>): HttpTriggerKit {
    try {
      return pickTrigger(refs, init)
    } catch (error) {
      throw new TypeError(`faasport/testing: ${(error as Error).message}`)
    }
  }

  /**
   * The provider whose adapters recognise the event, if any. A provider recognised by the given context (Azure,
   * FunctionGraph) wins over look-alikes that ignore the context (a FunctionGraph APIG event reads as a Lambda REST
   * one); then the providers that claim the event alone; then those that claim it with their own mock context.
   */
  function eventKit(event: unknown, given?: unknown): ProviderKit | undefined {
    const value = readable(event)
    const claims = (k: ProviderKit, context: unknown) =>
      k.platform.adapters.some((a) => {
        try {
          return a.matches(value, context)
        } catch {
          return false
        }
      })
    if (given !== undefined) {
      const byContext = kits.find((k) => claims(k, given) && !claims(k, undefined))
      if (byContext) return byContext
    }
    return kits.find((k) => claims(k, undefined)) ?? kits.find((k) => claims(k, k.context()))
  }

  /** The time left on a platform context, read by the provider that knows its fields. */
  function remainingTime(context: unknown, preferred: ProviderKit | undefined): number | undefined {
    for (const kit of preferred ? [preferred, ...kits.filter((k) => k !== preferred)] : kits) {
      const info = kit.platform.describe(context)
      const ms = info.remainingTimeMs?.() ?? info.timeoutMs
      if (typeof ms === 'number' && Number.isFinite(ms)) return Math.max(0, ms)
    }
    return undefined
  }

  /** The context to use (a mock of the event's provider unless given) and the time limit that follows. */
  function prepare(kit: ProviderKit | undefined, given: unknown, timeoutMs: number | undefined): { context: unknown; limit: number; why?: string } {
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
      throw new TypeError(`faasport/testing: timeoutMs must be a number of milliseconds, 0 or more; got ${String(timeoutMs)}`)
    }
    const context = given ?? (kit ?? kits[0]!).context(timeoutMs === undefined ? undefined : { timeoutMs })
    if (timeoutMs !== undefined) return { context, limit: timeoutMs }
    const remaining = remainingTime(context, kit)
    if (remaining === undefined) return { context, limit: DEFAULT_TIMEOUT_MS }
    const note = remaining === 0 ? ', which had run out: a mock context counts down from its creation, so make one per invocation' : ''
    return { context, limit: remaining, why: `the context's remaining time${note}` }
  }

  return {
    /** `event` in the form `provider`'s platform hands it to a function (FC: a Buffer of JSON; the others: as is). */
    deliver(provider: ProviderName, event: unknown): unknown {
      const deliver = providerKit(provider).deliver
      return deliver ? deliver(event) : event
    },

    /** The provider whose adapters recognise `event`, if any. */
    providerOf(event: unknown): ProviderName | undefined {
      return eventKit(event)?.provider
    },

    /** The HTTP trigger a request init names (see `pickTrigger`); throws a `TypeError` listing what there is. */
    httpTrigger(init: Pick<TestRequestInit, 'provider' | 'trigger' | 'variant'>): HttpTriggerRef {
      const t = triggerKit(init)
      return { provider: t.provider, trigger: t.trigger, variant: t.variant, label: label(t), traits: t.traits }
    },

    mockContext(provider: ProviderName, overrides?: Record<string, unknown>): unknown {
      return providerKit(provider).context(overrides)
    },

    httpTriggers(provider?: ProviderName): HttpTriggerRef[] {
      // An unknown provider is an error, not an empty list a test would loop over without testing anything.
      if (provider !== undefined) providerKit(provider)
      return kits
        .filter((k) => provider === undefined || k.provider === provider)
        .flatMap((k) =>
          k.http.map((t) => ({
            provider: t.provider,
            trigger: t.trigger,
            variant: t.variant,
            label: label(t),
            traits: t.traits,
          })),
        )
    },

    /** `late` receives what the handler does wrong after the result was returned (default: an uncaught error). */
    invoke(handler: (...args: any[]) => unknown, event: unknown, context?: unknown, options: InvokeOptions = {}, late?: LateReporter): Promise<any> {
      for (const k of kits) {
        const call = k.split?.(event)
        if (call === undefined) continue
        event = call.event
        context ??= call.context
        break
      }
      const kit = eventKit(event, context)
      const { context: ctx, limit, why } = prepare(kit, context, options.timeoutMs)
      const form = kit?.streaming?.form(handler)
      if (form) return runStreaming(form, kit!.streaming!, event, ctx, limit, why)
      return runHandler(handler as Parameters<typeof runHandler>[0], event, ctx, limit, why, late)
    },

    /** `late` as for `invoke`; `live` follows a streamed answer as it arrives. */
    async request(handler: (...args: any[]) => unknown, init: TestRequestInit = {}, late?: LateReporter, live?: LiveAnswer): Promise<TestResponse> {
      const trigger = triggerKit(init)
      const kit = providerKit(trigger.provider)
      const { context, limit, why } = prepare(kit, init.context, init.timeoutMs)
      const form = kit.streaming?.form(handler)
      if (form) return fromStream(trigger, await runStreaming(form, kit.streaming!, trigger.event(init), context, limit, why, live && follow(trigger, live)))
      const raw = trigger.call
        ? await withTimeout(trigger.call(handler, init, context), limit, 'send its response', why)
        : await runHandler(handler as Parameters<typeof runHandler>[0], trigger.event(init), context, limit, why, late)
      return toResponse(trigger.decode(raw), raw)
    },
  }
}
