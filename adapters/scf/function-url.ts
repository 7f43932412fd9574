import {
  decodeEventBody,
  firstForwardedFor,
  HttpRequest,
  isRecord,
  readHeaderMap,
  requestPath,
  requireMethod,
  requireString,
  type HttpAdapter,
  type RequestReader,
} from '../../src/model/index.js'
import { readQueryString } from './query.js'
import { scfResult } from './results.js'
import { scfResultLimit } from './limits.js'

const TRIGGER = 'tencent/function-url'

/** The event an SCF event function gets through its Function URL: API Gateway-like, without `requestContext`. */
export interface ScfFunctionUrlEvent {
  path: string
  httpMethod: string
  headers?: Record<string, string>
  queryString?: Record<string, string | string[] | true>
  body?: string
  isBase64Encoded?: boolean
}

const reader: RequestReader<ScfFunctionUrlEvent> = {
  headers: (e) => readHeaderMap(TRIGGER, 'headers', e.headers, false),
  query: (e) => readQueryString(TRIGGER, e.queryString),
  // No isBase64Encoded in the documented event: the body is text unless a flag says otherwise.
  body: (e) => decodeEventBody(TRIGGER, e.body, e.isBase64Encoded),
  sourceIp: (_e, request) => firstForwardedFor(request.headers['x-forwarded-for']),
}

// FC API Gateway's (`queryParameters`, `pathParameters`) and Lambda REST's query fields, which SCF's event lacks.
const FOREIGN_FIELDS = ['queryParameters', 'pathParameters', 'queryStringParameters', 'multiValueQueryStringParameters']

function hasForeignFields(event: Record<string, unknown>): boolean {
  for (const field of FOREIGN_FIELDS) if (field in event) return true
  return false
}

/** SCF Function URLs of event functions. */
export const functionUrl: HttpAdapter<ScfFunctionUrlEvent> = {
  provider: 'tencent',
  trigger: 'function-url',
  kind: 'http',
  resultLimit: scfResultLimit,
  matches(event) {
    // `httpMethod` and `path` without `requestContext` (SCF's and Lambda's API Gateway events have one). The
    // documented event always has `queryString`; one without it still counts unless it has another gateway's fields.
    return isRecord(event) && 'httpMethod' in event && 'path' in event && !('requestContext' in event) && ('queryString' in event || !hasForeignFields(event))
  },
  toRequest(event, context, options) {
    const method = requireMethod(TRIGGER, 'httpMethod', event.httpMethod)
    const path = requestPath(requireString(TRIGGER, 'path', event.path), options)
    return new HttpRequest({ method, path, reader, event, context })
  },
  toResult: (result) => scfResult(result),
}
