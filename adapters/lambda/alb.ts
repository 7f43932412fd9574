import type { ALBEvent, ALBResult } from 'aws-lambda'
import {
  decodeEventBody,
  encodeResultBody,
  HttpRequest,
  InvalidEventError,
  isRecord,
  joinedHeaders,
  lastForwardedFor,
  listedHeaders,
  optionalRecord,
  readHeaderMap,
  requireMethod,
  requireString,
  statusText,
  requestPath,
  type HttpAdapter,
  type Logger,
  type RequestReader,
} from '../../src/model/index.js'
import { albResultLimit } from './limits.js'

const TRIGGER = 'aws/alb'

// ALB passes query keys and values exactly as the client sent them (still percent-encoded), so the raw
// query string is rebuilt from them verbatim and decoded once, later, like any other.
function rawQuery(e: ALBEvent): string {
  const multi = isMultiValue(e)
  const field = multi ? 'multiValueQueryStringParameters' : 'queryStringParameters'
  const map = optionalRecord(TRIGGER, field, multi ? e.multiValueQueryStringParameters : e.queryStringParameters)
  if (map === undefined) return ''
  let out = ''
  for (const key in map) {
    const value = map[key]
    const values = multi && Array.isArray(value) ? value : [value]
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v === undefined || v === null) continue
      if (typeof v !== 'string') throw new InvalidEventError(TRIGGER, `${field}.${key}`, 'must hold strings')
      out += (out ? '&' : '') + (v === '' ? key : key + '=' + v)
    }
  }
  return out
}

function isMultiValue(e: ALBEvent): boolean {
  return isRecord(e.multiValueHeaders)
}

const reader: RequestReader<ALBEvent> = {
  headers: (e) =>
    isMultiValue(e)
      ? readHeaderMap(TRIGGER, 'multiValueHeaders', e.multiValueHeaders, true)
      : readHeaderMap(TRIGGER, 'headers', e.headers, false),
  rawQuery,
  body: (e) => decodeEventBody(TRIGGER, e.body, e.isBase64Encoded),
  // ALB has no source IP field. It appends the client it sees to X-Forwarded-For (append mode, the default),
  // after whatever the client sent: only the last entry is ALB's own.
  sourceIp: (_e, request) => lastForwardedFor(request.headers['x-forwarded-for']),
}

const warned = new WeakSet<Logger>()

/** Application Load Balancer target-group events, with or without multi-value headers enabled. */
export const alb: HttpAdapter<ALBEvent> = {
  provider: 'aws',
  trigger: 'alb',
  kind: 'http',
  resultLimit: albResultLimit,
  matches(event) {
    return isRecord(event) && isRecord(event.requestContext) && isRecord(event.requestContext.elb)
  },
  toRequest(event, context, options) {
    const method = requireMethod(TRIGGER, 'httpMethod', event.httpMethod)
    const path = requestPath(requireString(TRIGGER, 'path', event.path), options)
    return new HttpRequest({ method, path, reader, event, context })
  },
  toResult(result, event, _context, invocation): ALBResult {
    const out: ALBResult = {
      statusCode: result.statusCode,
      statusDescription: `${result.statusCode} ${statusText(result.statusCode)}`,
      isBase64Encoded: result.isBase64Encoded,
      body: encodeResultBody(result),
    }
    // The target group answers in the mode its events arrive in.
    if (isRecord(event) && isMultiValue(event)) {
      const headers = listedHeaders(result.headers)
      if (result.cookies.length > 0) headers['set-cookie'] = result.cookies.slice()
      out.multiValueHeaders = headers
    } else {
      const headers = joinedHeaders(result.headers)
      if (result.cookies.length > 0) {
        // Set-Cookie cannot be comma-joined, and this mode carries one value per name.
        headers['set-cookie'] = result.cookies[0]!
        const logger = invocation.logger
        if (result.cookies.length > 1 && !warned.has(logger)) {
          warned.add(logger)
          logger.warn(
            `faasport: ${result.cookies.length} Set-Cookie headers but this ALB target group sends one value per header; ` +
              'only the first was sent. Enable multi-value headers on the target group to send them all.',
          )
        }
      }
      out.headers = headers
    }
    return out
  },
}
