import { appendHeader, createHeaders, type HttpHeaders } from '../model/index.js'
import { isHopByHop } from '../runtime/result.js'

/**
 * Reads the head Node serialized (`HTTP/1.1 200 OK\r\nName: value\r\n...`) into headers and Set-Cookie values.
 * Reading the serialized head catches every way an app sets headers (setHeader, writeHead with an object or
 * an array, appendHeader); hop-by-hop headers are dropped.
 */
export function parseHead(head: string): { headers: HttpHeaders; cookies: string[] } {
  const headers = createHeaders()
  const cookies: string[] = []
  let start = head.indexOf('\r\n') + 2
  while (start > 1 && start < head.length) {
    const end = head.indexOf('\r\n', start)
    if (end === -1 || end === start) break
    const colon = head.indexOf(':', start)
    if (colon !== -1 && colon < end) {
      const name = head.slice(start, colon).toLowerCase()
      const value = head.slice(colon + 1, end).trim()
      if (name === 'set-cookie') cookies.push(value)
      else if (!isHopByHop(name)) appendHeader(headers, name, value)
    }
    start = end + 2
  }
  return { headers, cookies }
}

/** Removes chunked transfer framing (`<hex size>\r\n<data>\r\n ... 0\r\n\r\n`), ignoring extensions and trailers. */
export function dechunk(framed: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  while (at < framed.length) {
    const lineEnd = framed.indexOf('\r\n', at, 'latin1')
    if (lineEnd === -1) break
    const sizeText = framed.toString('latin1', at, lineEnd).split(';', 1)[0]!.trim()
    const size = Number.parseInt(sizeText, 16)
    if (!Number.isFinite(size) || size <= 0) break
    parts.push(framed.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
}
