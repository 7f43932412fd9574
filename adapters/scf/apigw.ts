import {
  decodeEventBody,
  firstForwardedFor,
  HttpRequest,
  isRecord,
  readHeaderMap,
  readStringMap,
  requestPath,
  requireMethod,
  requireString,
  type HttpAdapter,
  type RequestReader,
} from '../../src/model/index.js'
import { readQueryString } from './query.js'
import { scfResult } from './results.js'
import { scfResultLimit } from './limits.js'

const TRIGGER = 'tencent/apigw'

/** The integration request Tencent Cloud API Gateway sends an SCF function. */
export interface ScfApiGatewayEvent {
  requestContext: { serviceId: string; path?: string; httpMethod?: string; requestId?: string; identity?: Record<string, unknown>; sourceIp?: string; stage?: string }
  headers?: Record<string, string>
  headerParameters?: Record<string, string>
  pathParameters?: Record<string, string>
  queryString?: Record<string, string | string[] | true>
  queryStringParameters?: Record<string, string>
  stageVariables?: Record<string, string>
  path: string
  httpMethod: string
  body?: string
  isBase64Encoded?: boolean
}

// `queryString` holds the whole query; `queryStringParameters` only the parameters configured on the API.
const reader: RequestReader<ScfApiGatewayEvent> = {
  headers: (e) => readHeaderMap(TRIGGER, 'headers', e.headers, false),
  query: (e) => readQueryString(TRIGGER, e.queryString),
  body: (e) => decodeEventBody(TRIGGER, e.body, e.isBase64Encoded),
  params: (e) => readStringMap(TRIGGER, 'pathParameters', e.pathParameters),
  sourceIp: (e, request) => {
    const ip = e.requestContext?.sourceIp
    return typeof ip === 'string' ? ip : firstForwardedFor(request.headers['x-forwarded-for'])
  },
}

/** Tencent Cloud API Gateway triggers (event functions). */
export const apigw: HttpAdapter<ScfApiGatewayEvent> = {
  provider: 'tencent',
  trigger: 'apigw',
  kind: 'http',
  resultLimit: scfResultLimit,
  matches(event) {
    // `requestContext.serviceId` (and `headerParameters`/`queryString`) tell it from Lambda REST events.
    return isRecord(event) && isRecord(event.requestContext) && 'serviceId' in event.requestContext
  },
  toRequest(event, context, options) {
    const method = requireMethod(TRIGGER, 'httpMethod', event.httpMethod)
    const path = requestPath(requireString(TRIGGER, 'path', event.path), options)
    return new HttpRequest({ method, path, reader, event, context })
  },
  toResult: (result) => scfResult(result),
}
