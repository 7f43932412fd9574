import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import {
  decodeEventBody,
  emptyRecord,
  HttpRequest,
  encodeResultBody,
  escapeDecodedPath,
  isRecord,
  readHeaderMap,
  readQueryMap,
  readStringMap,
  requireMethod,
  requireString,
  splitHeaders,
  requestPath,
  lowerName,
  type HttpAdapter,
  type RequestReader,
  type ResponseHead,
} from '../../src/model/index.js'
import { pathStage } from './stage.js'
import { lambdaResultLimit } from './limits.js'

const TRIGGER = 'aws/apigw-v1'

// REST API (and HTTP API with payload format 1.0). Query values arrive decoded; `multiValue*` maps hold
// every repeat while the single-value maps keep only the last one, so the multi-value maps win.
const reader: RequestReader<APIGatewayProxyEvent> = {
  headers: (e) => readMapPair(readHeaderMap, 'headers', e.headers, 'multiValueHeaders', e.multiValueHeaders, true),
  query: (e) =>
    readMapPair(readQueryMap, 'queryStringParameters', e.queryStringParameters, 'multiValueQueryStringParameters', e.multiValueQueryStringParameters, false),
  body: (e) => decodeEventBody(TRIGGER, e.body, e.isBase64Encoded),
  params: (e) => readStringMap(TRIGGER, 'pathParameters', e.pathParameters),
  sourceIp: (e) => {
    const ip = e.requestContext?.identity?.sourceIp
    return typeof ip === 'string' ? ip : undefined
  },
}

type MapReader<T> = (trigger: string, field: string, map: unknown, multi: boolean, into?: T) => T

/**
 * Reads a single-value map and its multi-value twin: the multi-value map when it has entries, plus the
 * entries only the single-value map holds. API Gateway keeps the two in step, but hand-made events (the
 * console's test tool, edited fixtures) may not, and such an entry must not be lost. `caseless`: names are
 * compared in lower case (headers).
 */
function readMapPair<T extends Record<string, unknown>>(
  read: MapReader<T>,
  singleField: string,
  single: unknown,
  multiField: string,
  multi: unknown,
  caseless: boolean,
): T {
  if (!isRecord(multi) || !hasKeys(multi)) return read(TRIGGER, singleField, single, false)
  const out = read(TRIGGER, multiField, multi, true)
  if (!isRecord(single)) return out
  let rest: Record<string, unknown> | undefined
  for (const name in single) {
    if (Object.hasOwn(multi, name) || (caseless && out[lowerName(name)] !== undefined)) continue
    ;(rest ??= emptyRecord())[name] = single[name]
  }
  return rest === undefined ? out : read(TRIGGER, singleField, rest, false, out)
}

function hasKeys(map: object): boolean {
  for (const _ in map) return true
  return false
}

/** API Gateway REST API (payload format 1.0) events; also HTTP APIs configured for format 1.0. */
export const apigwV1: HttpAdapter<APIGatewayProxyEvent> = {
  provider: 'aws',
  trigger: 'apigw-v1',
  kind: 'http',
  resultLimit: lambdaResultLimit,
  matches(event) {
    if (!isRecord(event)) return false
    const rc = event.requestContext
    // `elb`: ALB; `serviceId`/`headerParameters`: Tencent's look-alike; version 2.0: HTTP API format 2.0;
    // `methodArn`: a REQUEST authorizer's input, which carries the request but must be answered with a policy.
    if (!isRecord(rc) || 'elb' in rc || 'serviceId' in rc || 'headerParameters' in event || 'methodArn' in event) return false
    return event.version !== '2.0' && ('httpMethod' in event || 'resource' in event)
  },
  toRequest(event, context, options) {
    const method = requireMethod(TRIGGER, 'httpMethod', event.httpMethod)
    // REST API paths come encoded and without the stage. HTTP APIs on payload format 1.0 (`version: '1.0'`) hand
    // the path over decoded, with a named stage in front of it on their execute-api domain, as in format 2.0.
    // Base paths are the `basePath` option's.
    const httpApi = (event as { version?: unknown }).version === '1.0'
    const stage = options.stripStage && httpApi ? pathStage(event.requestContext) : undefined
    const given = requireString(TRIGGER, 'path', event.path)
    const path = requestPath(httpApi ? escapeDecodedPath(given) : given, options, stage)
    return new HttpRequest({ method, path, reader, event, context })
  },
  toResult(result): APIGatewayProxyResult {
    const out = v1Head(result) as APIGatewayProxyResult
    out.body = encodeResultBody(result)
    out.isBase64Encoded = result.isBase64Encoded
    return out
  },
  // REST API integrations with responseTransferMode STREAM take the same head as a prelude: statusCode, headers,
  // multiValueHeaders (https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html).
  // The body is streamed as bytes, never base64. HTTP APIs (payload 1.0, `version: '1.0'`) cannot stream.
  toPrelude: (head) => v1Head(head),
  streams: (event) => (event as { version?: unknown }).version !== '1.0',
}

/**
 * The status and headers of a payload 1.0 answer. API Gateway merges both maps; repeated headers and every
 * Set-Cookie can only travel in the multi-value one.
 */
function v1Head(head: ResponseHead): { statusCode: number; headers: Record<string, string>; multiValueHeaders?: Record<string, string[]> } {
  const { single, multi, hasMulti } = splitHeaders(head.headers)
  const out: { statusCode: number; headers: Record<string, string>; multiValueHeaders?: Record<string, string[]> } = { statusCode: head.statusCode, headers: single }
  if (head.cookies.length > 0) multi['set-cookie'] = head.cookies.slice()
  if (hasMulti || head.cookies.length > 0) out.multiValueHeaders = multi
  return out
}
