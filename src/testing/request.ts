import type { DecodedResponse, HttpEventInit, HttpTriggerKit, ProviderKit, ProviderName } from '../model/index.js'
import { invoke } from './invoke.js'

/** Which HTTP trigger to send a test request through, and the request itself. */
export interface TestRequestInit extends HttpEventInit {
  /** Default: the first provider of the entry point (`aws` for `faasport/testing`). */
  provider?: ProviderName
  /** Default: the provider's main HTTP trigger (`apigw-v2` on AWS, `http-v3` on FC, `apigw` on SCF). */
  trigger?: string
  /** A form of the trigger, e.g. `multi-value` for ALB. */
  variant?: string
  /** The platform context; default `mockContext(provider)`. */
  context?: unknown
  /** Fail when the handler takes longer. Default 10 000 ms. */
  timeoutMs?: number
}

/** A decoded test response: the same shape whatever the gateway. */
export interface TestResponse {
  status: number
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>
  /** Lower-case names, every value apart. */
  headerValues: Record<string, string[]>
  /** Every Set-Cookie value, whether the gateway used `multiValueHeaders`, `cookies[]` or a list. */
  cookies: string[]
  body: Buffer
  /** Whether the gateway carried the body as base64. */
  isBase64Encoded: boolean
  /** The raw platform result. */
  raw: unknown
  /** The body as UTF-8. */
  text(): string
  /** The body parsed as JSON. */
  json<T = any>(): T
}

/** An HTTP trigger `request()` can use, for tests that loop over every gateway. */
export interface HttpTriggerRef {
  provider: ProviderName
  trigger: string
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
    raw,
    text: () => body.toString('utf8'),
    json: () => JSON.parse(body.toString('utf8')),
  }
}

/** The kit functions bound to the providers an entry point offers. */
export function createTestKit(kits: readonly ProviderKit[]) {
  function providerKit(provider: ProviderName | undefined): ProviderKit {
    const kit = provider === undefined ? kits[0] : kits.find((k) => k.provider === provider)
    if (!kit) throw new TypeError(`faasport/testing: no provider ${JSON.stringify(provider)}; have ${kits.map((k) => k.provider).join(', ')}`)
    return kit
  }

  function triggerKit(init: Pick<TestRequestInit, 'provider' | 'trigger' | 'variant'>): HttpTriggerKit {
    const kit = providerKit(init.provider)
    const candidates = kit.http.filter((t) => init.trigger === undefined || t.trigger === init.trigger)
    const found = init.variant === undefined ? (candidates.find((t) => !t.variant) ?? candidates[0]) : candidates.find((t) => t.variant === init.variant)
    if (!found) {
      const have = kit.http.map((t) => t.trigger + (t.variant ? ` (variant ${t.variant})` : '')).join(', ')
      throw new TypeError(`faasport/testing: ${kit.provider} has no HTTP trigger ${JSON.stringify(init.trigger)}${init.variant ? ` variant ${init.variant}` : ''}; have ${have}`)
    }
    return found
  }

  return {
    mockContext(provider: ProviderName, overrides?: Record<string, unknown>): unknown {
      return providerKit(provider).context(overrides)
    },

    httpTriggers(provider?: ProviderName): HttpTriggerRef[] {
      return kits
        .filter((k) => provider === undefined || k.provider === provider)
        .flatMap((k) =>
          k.http.map((t) => ({
            provider: t.provider,
            trigger: t.trigger,
            variant: t.variant,
            label: `${t.provider}/${t.trigger}${t.variant ? ` (${t.variant})` : ''}`,
            traits: t.traits,
          })),
        )
    },

    async request(handler: (...args: any[]) => unknown, init: TestRequestInit = {}): Promise<TestResponse> {
      const trigger = triggerKit(init)
      const context = init.context ?? providerKit(trigger.provider).context()
      const raw = trigger.call
        ? await trigger.call(handler, init, context)
        : await invoke(handler as Parameters<typeof invoke>[0], trigger.event(init), context, { timeoutMs: init.timeoutMs })
      return toResponse(trigger.decode(raw), raw)
    },
  }
}
