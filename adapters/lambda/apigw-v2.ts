import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import {
  decodeEventBody,
  encodeResultBody,
  escapeDecodedPath,
  formatQuery,
  HttpRequest,
  isRecord,
  joinedHeaders,
  optionalString,
  readHeaderMap,
  readQueryMap,
  readStringMap,
  requireMethod,
  requireString,
  requestPath,
  InvalidEventError,
  type HttpAdapter,
  type NormalizedResult,
  type RequestOptions,
  type RequestReader,
} from '../../src/model/index.js'
import { pathStage } from './stage.js'
import { lambdaResultLimit } from './limits.js'

/** Reads payload format 2.0, shared by HTTP APIs and Function URLs (`trigger` names which, in errors). */
export function v2Reader(trigger: string): RequestReader<APIGatewayProxyEventV2> {
  return {
    headers(e) {
      // Headers arrive with repeats already comma-joined; cookies arrive separately and rebuild `cookie`.
      const headers = readHeaderMap(trigger, 'headers', e.headers, false)
      const cookies: unknown = e.cookies
      if (cookies === undefined || cookies === null) return headers
      if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== 'string')) {
        throw new InvalidEventError(trigger, 'cookies', 'must be a list of strings')
      }
      if (cookies.length > 0) headers.cookie = cookies.join('; ')
      return headers
    },
    rawQuery(e) {
      // rawQueryString is authoritative; the parsed map joins repeats with commas and cannot be split back.
      const raw = optionalString(trigger, 'rawQueryString', e.rawQueryString)
      return raw ?? formatQuery(readQueryMap(trigger, 'queryStringParameters', e.queryStringParameters, false))
    },
    body: (e) => decodeEventBody(trigger, e.body, e.isBase64Encoded),
    params: (e) => readStringMap(trigger, 'pathParameters', e.pathParameters),
    sourceIp(e) {
      const ip = e.requestContext?.http?.sourceIp
      return typeof ip === 'string' ? ip : undefined
    },
  }
}

/**
 * Builds the request for a payload format 2.0 event. `decodedPath`: HTTP APIs hand over `rawPath` decoded,
 * Function URLs keep it as sent.
 */
export function v2Request(
  trigger: string,
  reader: RequestReader<APIGatewayProxyEventV2>,
  event: APIGatewayProxyEventV2,
  context: unknown,
  options: RequestOptions,
  decodedPath: boolean,
): HttpRequest<APIGatewayProxyEventV2> {
  const rc = event.requestContext
  const http: unknown = rc.http
  if (!isRecord(http)) throw new InvalidEventError(trigger, 'requestContext.http', http === undefined ? 'is missing' : 'must be an object')
  const method = requireMethod(trigger, 'requestContext.http.method', http.method)
  const stage = options.stripStage ? pathStage(rc) : undefined
  const given = requireString(trigger, 'rawPath', event.rawPath ?? http.path)
  const path = requestPath(decodedPath ? escapeDecodedPath(given) : given, options, stage)
  return new HttpRequest({ method, path, reader, event, context })
}

/** The payload format 2.0 result: repeated headers comma-joined, every Set-Cookie in `cookies`. */
export function v2Result(result: NormalizedResult): APIGatewayProxyStructuredResultV2 {
  const out: APIGatewayProxyStructuredResultV2 = {
    statusCode: result.statusCode,
    headers: joinedHeaders(result.headers),
    body: encodeResultBody(result),
    isBase64Encoded: result.isBase64Encoded,
  }
  if (result.cookies.length > 0) out.cookies = result.cookies.slice()
  return out
}

/** True for a payload format 2.0 event; `lambdaUrl` tells Function URLs from HTTP APIs by their domain. */
export function isV2Event(event: unknown, lambdaUrl: boolean): event is APIGatewayProxyEventV2 {
  // `routeArn`: an HTTP API authorizer's input (answered with `isAuthorized` or a policy, not a response).
  if (!isRecord(event) || event.version !== '2.0' || 'routeArn' in event) return false
  const rc = event.requestContext
  // `serviceNetworkArn`: VPC Lattice's version 2.0 event, a different request shape.
  if (!isRecord(rc) || 'serviceNetworkArn' in rc) return false
  const domain = rc.domainName
  return (typeof domain === 'string' && domain.includes('.lambda-url.')) === lambdaUrl
}

const TRIGGER = 'aws/apigw-v2'
const reader = v2Reader(TRIGGER)

/** API Gateway HTTP API events, payload format 2.0. */
export const apigwV2: HttpAdapter<APIGatewayProxyEventV2> = {
  provider: 'aws',
  trigger: 'apigw-v2',
  kind: 'http',
  resultLimit: lambdaResultLimit,
  matches: (event) => isV2Event(event, false),
  toRequest: (event, context, options) => v2Request(TRIGGER, reader, event, context, options, true),
  toResult: v2Result,
}
