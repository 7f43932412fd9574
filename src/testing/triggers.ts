import type { ProviderName } from '../model/index.js'

/** What names one HTTP trigger (or one form of it). */
export interface TriggerId {
  provider: ProviderName
  trigger: string
  variant?: string | undefined
}

/** How a caller asks for a trigger; every part is optional. */
export interface TriggerQuery {
  provider?: ProviderName | undefined
  trigger?: string | undefined
  variant?: string | undefined
}

function label(t: TriggerId): string {
  return t.trigger + (t.variant ? ` (variant ${t.variant})` : '')
}

/**
 * Picks the trigger a query names from `all` (in the providers' order; the first provider is the default).
 * Without a provider, a trigger name picks the default provider when it has that trigger, else the one
 * provider that has it. Throws a `TypeError` that lists what there is when nothing (or more than one
 * provider) fits.
 */
export function pickTrigger<T extends TriggerId>(all: readonly T[], query: TriggerQuery): T {
  const providers = [...new Set(all.map((t) => t.provider))]
  let provider = query.provider
  if (provider !== undefined && !providers.includes(provider)) {
    throw new TypeError(`no provider ${JSON.stringify(provider)}; have ${providers.join(', ')}`)
  }
  if (provider === undefined) {
    const having = providers.filter((p) => query.trigger === undefined || all.some((t) => t.provider === p && t.trigger === query.trigger))
    if (having.length === 0) {
      throw new TypeError(`no provider has an HTTP trigger ${JSON.stringify(query.trigger)}; have ${all.map((t) => `${t.provider}/${label(t)}`).join(', ')}`)
    }
    if (having[0] !== providers[0] && having.length > 1) {
      throw new TypeError(`the HTTP trigger ${JSON.stringify(query.trigger)} exists on ${having.join(' and ')}; say which provider`)
    }
    provider = having[0]!
  }
  const own = all.filter((t) => t.provider === provider)
  const candidates = own.filter((t) => query.trigger === undefined || t.trigger === query.trigger)
  const found = query.variant === undefined ? (candidates.find((t) => !t.variant) ?? candidates[0]) : candidates.find((t) => t.variant === query.variant)
  if (!found) {
    const wanted = query.trigger === undefined ? '' : ` ${JSON.stringify(query.trigger)}`
    throw new TypeError(`${provider} has no HTTP trigger${wanted}${query.variant ? ` variant ${query.variant}` : ''}; have ${own.map(label).join(', ')}`)
  }
  return found
}
