// Reason phrases, one string per status class: the n-th `|`-separated entry of class c is status c*100+n,
// empty where the code is unassigned. Packed this way because a status-to-text object literal costs more
// than half a kilobyte gzipped, a large share of a `faasport/lambda` bundle.
const PHRASES = [
  'Continue|Switching Protocols|Processing|Early Hints',
  'OK|Created|Accepted|Non-Authoritative Information|No Content|Reset Content|Partial Content|Multi-Status|Already Reported',
  'Multiple Choices|Moved Permanently|Found|See Other|Not Modified|Use Proxy||Temporary Redirect|Permanent Redirect',
  'Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Method Not Allowed|Not Acceptable|Proxy Authentication Required|Request Timeout|Conflict|Gone|Length Required|Precondition Failed|Payload Too Large|URI Too Long|Unsupported Media Type|Range Not Satisfiable|Expectation Failed|I\'m a Teapot|||Misdirected Request|Unprocessable Entity|Locked|Failed Dependency|Too Early|Upgrade Required||Precondition Required|Too Many Requests||Request Header Fields Too Large',
  'Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout|HTTP Version Not Supported|Variant Also Negotiates|Insufficient Storage|Loop Detected||Not Extended|Network Authentication Required',
]

let table: string[][] | undefined

/** The standard reason phrase for a status code (without loading `node:http`); `Unknown` when there is none. */
export function statusText(statusCode: number): string {
  if (statusCode === 226) return 'IM Used'
  if (statusCode === 451) return 'Unavailable For Legal Reasons'
  table ??= PHRASES.map((phrases) => phrases.split('|'))
  const phrase = Number.isInteger(statusCode) ? table[Math.floor(statusCode / 100) - 1]?.[statusCode % 100] : undefined
  return phrase || 'Unknown'
}
