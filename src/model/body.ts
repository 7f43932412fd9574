import { InvalidEventError } from './errors.js'

const NOT_BASE64 = /[^A-Za-z0-9+/\-_]/

/** True when `text` is standard or URL-safe base64, padded or not, with nothing else in it. */
export function isBase64(text: string): boolean {
  const length = text.length
  let end = length
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--
  if (end !== length && length % 4 !== 0) return false // padding only completes a quantum
  if (end % 4 === 1) return false // no byte sequence encodes to this length
  return !NOT_BASE64.test(end === length ? text : text.slice(0, end))
}

/** The bytes of `view` as a Buffer, without copying them. */
export function asBuffer(view: Uint8Array): Buffer {
  return Buffer.isBuffer(view) ? view : Buffer.from(view.buffer, view.byteOffset, view.byteLength)
}

/** Reads a boolean flag that some gateways send as the string `"true"`/`"false"`. */
export function readFlag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true
  if (value === false || value === 'false' || value === undefined || value === null) return false
  return undefined
}

/**
 * Decodes an event body: `undefined`/`null`/empty means no body; a base64 flag must be a boolean (or its
 * string form) and a base64 body must be valid. Throws `InvalidEventError` naming the field otherwise.
 */
export function decodeEventBody(
  trigger: string,
  body: unknown,
  base64Flag: unknown,
  bodyField = 'body',
  flagField = 'isBase64Encoded',
): Buffer | undefined {
  if (body === undefined || body === null || body === '') return undefined
  if (typeof body !== 'string') throw new InvalidEventError(trigger, bodyField, `must be a string, got ${typeof body}`)
  const base64 = readFlag(base64Flag)
  if (base64 === undefined) {
    throw new InvalidEventError(trigger, flagField, 'must be true or false (or the strings "true"/"false")')
  }
  if (!base64) return Buffer.from(body, 'utf8')
  if (!isBase64(body)) throw new InvalidEventError(trigger, bodyField, `is flagged ${flagField} but is not valid base64`)
  return Buffer.from(body, 'base64')
}
