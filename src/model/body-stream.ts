import { InvalidEventError } from './errors.js'

/** A readable request stream as platforms hand it over (a Node `IncomingMessage` or a look-alike). */
export interface BodyStream {
  on(event: string, listener: (...args: any[]) => void): unknown
}

/**
 * Reads a request stream to its end: undefined for an empty body. A stream that fails, or closes before its end
 * (the client went away), rejects with an `InvalidEventError` on `field`, so the request is answered instead of
 * waiting for the platform's timeout.
 */
export function readBodyStream(trigger: string, field: string, stream: BodyStream): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let ended = false
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    stream.on('end', () => {
      ended = true
      resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks))
    })
    stream.on('error', (error: Error) => reject(new InvalidEventError(trigger, field, `body could not be read: ${error.message}`)))
    stream.on('close', () => {
      if (!ended) reject(new InvalidEventError(trigger, field, 'body could not be read: the request stream was closed before its end'))
    })
  })
}
