import {
  decodeEventBody,
  HttpRequest,
  isRecord,
  readHeaderMap,
  readQueryMap,
  readStringMap,
  requestPath,
  requireMethod,
  requireString,
  firstForwardedFor,
  type HttpAdapter,
  type RequestReader,
} from '../../src/model/index.js'
import { fcJsonResult } from './results.js'
import { fcApiGatewayResultLimit } from './limits.js'

const TRIGGER = 'aliyun/apigw'

/** The event Alibaba Cloud API Gateway sends an FC function (as a Buffer of this JSON). */
export interface FcApiGatewayEvent {
  path: string
  httpMethod: string
  headers?: Record<string, string>
  queryParameters?: Record<string, string | string[]>
  pathParameters?: Record<string, string>
  body?: string
  /** A boolean, or the string `"true"`/`"false"`. */
  isBase64Encoded?: boolean | 'true' | 'false'
}

const reader: RequestReader<FcApiGatewayEvent> = {
  headers: (e) => readHeaderMap(TRIGGER, 'headers', e.headers, false),
  // Values arrive decoded; a parameter API Gateway passes several times may come as a list.
  query: (e) => readQueryMap(TRIGGER, 'queryParameters', e.queryParameters, true),
  body: (e) => decodeEventBody(TRIGGER, e.body, e.isBase64Encoded),
  params: (e) => readStringMap(TRIGGER, 'pathParameters', e.pathParameters),
  sourceIp: (_e, request) => firstForwardedFor(request.headers['x-forwarded-for']) ?? firstForwardedFor(request.headers['x-real-ip']),
}

/** Alibaba Cloud API Gateway in front of an FC function. */
export const apigw: HttpAdapter<FcApiGatewayEvent> = {
  provider: 'aliyun',
  trigger: 'apigw',
  kind: 'http',
  resultLimit: fcApiGatewayResultLimit,
  matches(event) {
    // `queryParameters` and no `requestContext`: Lambda REST events have `requestContext` and
    // `queryStringParameters`, Tencent's have `queryString`.
    return isRecord(event) && 'queryParameters' in event && 'httpMethod' in event && !('requestContext' in event) && !('rawPath' in event)
  },
  toRequest(event, context, options) {
    const method = requireMethod(TRIGGER, 'httpMethod', event.httpMethod)
    const path = requestPath(requireString(TRIGGER, 'path', event.path), options)
    return new HttpRequest({ method, path, reader, event, context })
  },
  toResult: (result, _event, _context, invocation) => fcJsonResult(result, invocation, TRIGGER),
}
