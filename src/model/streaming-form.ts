// An entry built with `stream: true` carries its streaming form `(event, responseStream, context)` under a
// Symbol.for key, so the test kit and the local gateway (and every loaded copy of faasport) can find it.
const STREAMING_FORM = Symbol.for('faasport.streamingForm')

/** Records `form` as the streaming form of `entry`. */
export function setStreamingForm(entry: Function, form: Function): void {
  Object.defineProperty(entry, STREAMING_FORM, { value: form })
}

/** The streaming form of an entry built with `stream: true`; undefined for any other value. */
export function streamingFormOf(value: unknown): ((event: unknown, responseStream: unknown, context?: unknown) => unknown) | undefined {
  if (typeof value !== 'function') return undefined
  const form = (value as unknown as Record<symbol, unknown>)[STREAMING_FORM]
  return typeof form === 'function' ? (form as (event: unknown, responseStream: unknown, context?: unknown) => unknown) : undefined
}
