import {
  decodeEventBody,
  HttpRequest,
  InvalidEventError,
  isRecord,
  readHeaderMap,
  readQueryMap,
  requestPath,
  requireMethod,
  requireString,
  type HttpAdapter,
  type RequestReader,
} from '../../src/model/index.js'
import { fcJsonResult, warnAboutDefaultDomain } from './results.js'

const TRIGGER = 'aliyun/http-v3'

/** The FC 3.0 HTTP trigger event (delivered as a Buffer of this JSON). */
export interface FcHttpV3Event {
  version: 'v1'
  rawPath: string
  headers?: Record<string, string>
  queryParameters?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
  requestContext: {
    accountId?: string
    domainName?: string
    domainPrefix?: string
    requestId?: string
    time?: string
    timeEpoch?: string
    http: { method: string; path: string; protocol?: string; sourceIp?: string; userAgent?: string }
  }
}

// FC 3.0 joins repeated headers and repeated query values with commas and keeps no raw query string. A comma
// can also be part of one value, so the joined value is passed on as it is, never split.
const reader: RequestReader<FcHttpV3Event> = {
  headers: (e) => readHeaderMap(TRIGGER, 'headers', e.headers, false),
  query: (e) => readQueryMap(TRIGGER, 'queryParameters', e.queryParameters, false),
  body: (e) => decodeEventBody(TRIGGER, e.body, e.isBase64Encoded),
  sourceIp(e) {
    const ip = e.requestContext.http.sourceIp
    return typeof ip === 'string' ? ip : undefined
  },
}

const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/

/** Function Compute 3.0 HTTP triggers (built-in runtimes). */
export const httpV3: HttpAdapter<FcHttpV3Event> = {
  provider: 'aliyun',
  trigger: 'http-v3',
  kind: 'http',
  matches(event) {
    // `version: "v1"` and `rawPath` tell it from API Gateway payload 2.0 (`version: "2.0"`).
    return isRecord(event) && event.version === 'v1' && 'rawPath' in event && isRecord(event.requestContext)
  },
  toRequest(event, context, options) {
    const http: unknown = event.requestContext.http
    if (!isRecord(http)) throw new InvalidEventError(TRIGGER, 'requestContext.http', http === undefined ? 'is missing' : 'must be an object')
    const method = requireMethod(TRIGGER, 'requestContext.http.method', http.method)
    // rawPath is percent-encoded (requestContext.http.path is the decoded form): a broken escape is malformed.
    const rawPath = requireString(TRIGGER, 'rawPath', event.rawPath)
    if (BAD_ESCAPE.test(rawPath)) throw new InvalidEventError(TRIGGER, 'rawPath', `has invalid percent-encoding: ${JSON.stringify(rawPath.slice(0, 100))}`)
    return new HttpRequest({ method, path: requestPath(rawPath, options), reader, event, context })
  },
  toResult(result, event, _context, invocation) {
    warnAboutDefaultDomain(result, isRecord(event?.requestContext) ? event.requestContext.domainName : undefined, invocation)
    return fcJsonResult(result, invocation, TRIGGER)
  },
}
