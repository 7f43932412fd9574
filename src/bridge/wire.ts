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
