import { adapterName, asBuffer, describeValue, UnsupportedEventError, type Adapter, type Provider } from '../model/index.js'

/** The adapter that recognised an event, and its provider. */
export interface Detected {
  adapter: Adapter
  provider: Provider
}

/** A function that finds the adapter for an event, or throws `UnsupportedEventError` listing what it checked. */
export type Detector = (event: unknown, context: unknown) => Detected

/**
 * Builds the detector for a set of providers. Adapters are asked in a fixed order (providers in the order
 * given, each provider's adapters in its own order) and the first match wins. Nearly every adapter rejects every
 * other's events; the exceptions are deliberate and rely on that order (the conformance tests hold each to it):
 * providers recognised by their context (Azure, FunctionGraph) are asked first, as their events can look like
 * another cloud's (a FunctionGraph APIG event like a Lambda REST one), and a provider's catch-all (Cloud Run
 * functions' any-CloudEvent adapter) comes after its specific adapters and after the other clouds. `hint` is added
 * to the error for an event nothing recognises (a function gets the event and may return nothing).
 */
export function createDetector(providers: readonly Provider[], hint?: string | ((event: unknown) => string | undefined)): Detector {
  const entries: Detected[] = []
  for (const provider of providers) for (const adapter of provider.adapters) entries.push({ adapter, provider })
  const names = entries.map((e) => adapterName(e.adapter))
  return function detect(event, context) {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      if (entry.adapter.matches(event, context)) return entry
    }
    const error = new UnsupportedEventError(describeValue(event), names)
    const extra = typeof hint === 'function' ? hint(event) : hint
    if (extra) error.message += ` ${extra}`
    throw error
  }
}

/** Platforms such as FC deliver events as bytes: JSON becomes a value, anything else stays bytes. */
export function decodeBytesEvent(bytes: Uint8Array): unknown {
  const buffer = asBuffer(bytes)
  try {
    return JSON.parse(buffer.toString('utf8'))
  } catch {
    return buffer
  }
}
