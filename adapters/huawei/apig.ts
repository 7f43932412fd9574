import {
  decodeEventBody,
  firstForwardedFor,
  HttpRequest,
  isBase64,
  isRecord,
  readFlag,
  readHeaderMap,
  readQueryMap,
  readStringMap,
  requestPath,
  requireMethod,
  requireString,
  type HttpAdapter,
  type RequestReader,
} from '../../src/model/index.js'
import { isFunctionGraphContext } from './context.js'
import { huaweiResultLimit } from './limits.js'
import { huaweiResult } from './results.js'

const TRIGGER = 'huawei/apig'

/**
 * The event an APIG trigger sends a FunctionGraph event function ("APIG Event Source": https://opentelekomcloud-community.github.io/otc-functiongraph-nodejs-runtime/devguide/event_function/trigger_events/trigger_apig_event.html,
 * and Huawei Cloud's "Supported Event Sources", APIG example event). It looks like a Lambda REST event: only the
 * FunctionGraph context tells them apart.
 */
export interface HuaweiApigEvent {
  httpMethod: string
  path: string
  headers?: Record<string, string | string[]>
  queryStringParameters?: Record<string, string | string[]>
  pathParameters?: Record<string, string>
  body?: string
  /** `true` by default: the body arrives base64-encoded. */
  isBase64Encoded?: boolean
  requestContext: { apiId?: string; requestId?: string; stage?: string; sourceIp?: string }
}

// APIG sends the body base64-encoded with `isBase64Encoded: true`. The documented sample event (which the console's
// APIG test template follows) pairs that flag with a plain JSON body, `"{\"test\":\"body\"}"`: a flagged body that
// cannot be base64 is read as the text it is, rather than refused. Any other malformed body is a 400. The body is
// scanned once (decodeEventBody would check it again).
function readBody(e: HuaweiApigEvent): Buffer | undefined {
  const body: unknown = e.body
  if (typeof body === 'string' && body !== '' && readFlag(e.isBase64Encoded) === true) return Buffer.from(body, isBase64(body) ? 'base64' : 'utf8')
  return decodeEventBody(TRIGGER, body, e.isBase64Encoded)
}

// Query values arrive decoded, a repeated key possibly as a list; headers lower-case, one value or a list.
const reader: RequestReader<HuaweiApigEvent> = {
  headers: (e) => readHeaderMap(TRIGGER, 'headers', e.headers, true),
  query: (e) => readQueryMap(TRIGGER, 'queryStringParameters', e.queryStringParameters, true),
  body: readBody,
  params: (e) => readStringMap(TRIGGER, 'pathParameters', e.pathParameters),
  // The documented event carries the client in `x-real-ip` (and `x-forwarded-for`); `requestContext.sourceIp`,
  // when present, wins.
  sourceIp: (e, request) => {
    const ip = isRecord(e.requestContext) ? e.requestContext.sourceIp : undefined
    if (typeof ip === 'string' && ip !== '') return ip
    const real = request.headers['x-real-ip']
    const first = Array.isArray(real) ? real[0] : real
    return first ? first.trim() || undefined : firstForwardedFor(request.headers['x-forwarded-for'])
  },
}

/** APIG (dedicated and shared) triggers of FunctionGraph event functions. */
export const apig: HttpAdapter<HuaweiApigEvent> = {
  provider: 'huawei',
  trigger: 'apig',
  kind: 'http',
  resultLimit: huaweiResultLimit,
  matches(event, context) {
    // The context decides: a Lambda REST event has the same fields, and FunctionGraph hands it none of Lambda's.
    // `requestContext.apiId` alone is enough, so an event that lost `httpMethod` is a 400 naming it.
    if (!isFunctionGraphContext(context) || !isRecord(event) || !isRecord(event.requestContext)) return false
    return 'httpMethod' in event || 'apiId' in event.requestContext
  },
  toRequest(event, context, options) {
    const method = requireMethod(TRIGGER, 'httpMethod', event.httpMethod)
    const path = requestPath(requireString(TRIGGER, 'path', event.path), options)
    return new HttpRequest({ method, path, reader, event, context })
  },
  toResult: (result, _event, _context, invocation) => huaweiResult(result, invocation),
}
