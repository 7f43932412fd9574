import { asBuffer, isRecord } from '../../src/model/index.js'

// What queue-like triggers share: the message as the Node.js library hands it over (JSON parsed into a value,
// other text as a string, bytes as a Buffer) turned back into the message's text, and metadata values as strings.

/** A message's text and, for bytes, the bytes themselves. */
export function messageText(message: unknown): { body: string; bytes?: Buffer } {
  if (typeof message === 'string') return { body: message }
  if (message instanceof Uint8Array) {
    const bytes = asBuffer(message)
    return { body: bytes.toString('utf8'), bytes }
  }
  // The library parsed a JSON message (or the runtime parsed JSON bytes): its JSON again.
  return { body: JSON.stringify(message) ?? '' }
}

/** A metadata value as a string: strings as they are, numbers and booleans as text, dates ISO; others left out. */
export function metadataString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString()
  return undefined
}

/** Copies the named metadata fields that have a string form into `into`. */
export function copyStrings(into: Record<string, string>, metadata: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    const value = metadataString(metadata[name])
    if (value !== undefined) into[name] = value
  }
}

/** A plain map's string-valued entries (application properties), others as JSON. */
export function propertyStrings(into: Record<string, string>, properties: unknown): void {
  if (!isRecord(properties)) return
  for (const key of Object.keys(properties)) {
    const value = properties[key]
    const text = metadataString(value) ?? (value === undefined ? undefined : JSON.stringify(value))
    if (text !== undefined) into[key] = text
  }
}
