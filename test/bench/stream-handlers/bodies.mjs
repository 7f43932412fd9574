// What every contender streams, so they differ only in how the answer reaches the runtime: `/first` is one small
// SSE event and the end (time to first byte), `/bulk/<mb>` that many megabytes in 64 KB chunks (throughput).
// Both sources produce a chunk only when the reader asks for one, so a contender that ignores backpressure
// cannot look faster by buffering the whole body.
import { Readable } from 'node:stream'

export const FIRST = 'data: first\n\n'
export const CHUNK = Buffer.alloc(64 * 1024, 120)
export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
export const BULK_HEADERS = { 'content-type': 'application/octet-stream' }

/** The megabytes a `/bulk/<mb>` path asks for. */
export const megabytesOf = (path) => Number(/^\/bulk\/(\d+)$/.exec(path)?.[1] ?? 0)

/** `mb` megabytes as a Node Readable (for the control, Express and handle()). */
export function nodeBody(mb) {
  let left = mb * 16
  return new Readable({
    read() {
      this.push(left-- > 0 ? CHUNK : null)
    },
  })
}

/** `mb` megabytes as a WHATWG ReadableStream (for the fetch app). */
export function webBody(mb) {
  let left = mb * 16
  return new ReadableStream({
    pull(controller) {
      if (left-- > 0) controller.enqueue(CHUNK)
      else controller.close()
    },
  })
}
