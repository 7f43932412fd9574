import { randomUUID } from 'node:crypto'
import { randomHex, resolveEventInit, type HttpEventInit, type ResolvedEventInit } from '../../src/model/event-init.js'
import { parseQuery } from '../../src/model/query.js'
import type { ScfApiGatewayEvent } from './apigw.js'
import type { ScfFunctionUrlEvent } from './function-url.js'

// Real-shaped SCF events for tests, following the captures Tencent's own SDK tests use: lower-case headers,
// `queryString` with lists for repeats and `true` for a bare flag, no body fields on a GET.

const REGION = 'ap-guangzhou'

/** Lower-case names; a header sent more than once arrives comma-joined (the cookies are one Cookie header already). */
function lowerCaseHeaders(r: ResolvedEventInit, host: string): Record<string, string> {
  const given = new Map<string, string[]>()
  for (const [k, v] of r.headers) given.set(k.toLowerCase(), [...(given.get(k.toLowerCase()) ?? []), v])
  const out: Record<string, string> = { host, 'user-agent': 'curl/8.5.0', accept: '*/*', 'x-forwarded-for': r.sourceIp }
  for (const [name, values] of given) out[name] = values.join(',')
  return out
}

/** `queryString` as SCF sends it: repeats as lists, a bare `?flag` as `true`. */
function queryString(r: ResolvedEventInit): Record<string, string | string[] | true> {
  // Keys decoded as the query itself was (parseQuery tolerates a broken `%` escape, as gateways do).
  const bare = new Set(r.rawQuery.split('&').filter((p) => p !== '' && !p.includes('=')).flatMap((p) => Object.keys(parseQuery(p))))
  const out: Record<string, string | string[] | true> = {}
  for (const [k, v] of r.query) {
    const prev = out[k]
    if (prev === undefined) out[k] = v === '' && bare.has(k) ? true : v
    else out[k] = [...(Array.isArray(prev) ? prev : [prev === true ? '' : prev]), v]
  }
  return out
}

function withBody<T extends object>(event: T, r: ResolvedEventInit): T {
  if (r.body === undefined) return event
  return { ...event, body: r.body, isBase64Encoded: r.isBase64Encoded }
}

/** Options for the API Gateway factory. */
export interface ScfApiGatewayInit extends HttpEventInit {
  /** The path configured on the API (`requestContext.path`). Default `/`. */
  apiPath?: string
  /** The API's release environment (`requestContext.stage`). Default `release`. */
  stage?: string
  /** The values of the API path's parameters (`pathParameters`). Default none. */
  pathParameters?: Record<string, string>
}

/** An API Gateway integration request for an SCF event function. */
export function apiGateway(init: ScfApiGatewayInit = {}): ScfApiGatewayEvent {
  const r = resolveEventInit(init)
  const serviceId = `service-${randomHex(8)}`
  const query = queryString(r)
  return withBody(
    {
      headerParameters: {},
      headers: lowerCaseHeaders(r, `${serviceId}-1250000000.gz.apigw.tencentcs.com`),
      httpMethod: r.method,
      path: r.path,
      pathParameters: init.pathParameters ?? {},
      queryString: query,
      queryStringParameters: {},
      requestContext: {
        httpMethod: 'ANY',
        identity: {},
        path: init.apiPath ?? '/',
        serviceId,
        sourceIp: r.sourceIp,
        stage: init.stage ?? 'release',
        requestId: randomHex(32),
      },
    } as ScfApiGatewayEvent,
    r,
  )
}

/** A Function URL event for an SCF event function: no `requestContext`, no `isBase64Encoded` unless the body is bytes. */
export function functionUrl(init: HttpEventInit = {}): ScfFunctionUrlEvent {
  const r = resolveEventInit(init)
  const event: ScfFunctionUrlEvent = {
    headers: lowerCaseHeaders(r, `1250000000-${randomHex(10)}.${REGION}.tencentscf.com`),
    httpMethod: r.method,
    path: r.path,
    queryString: queryString(r),
  }
  if (r.body !== undefined) event.body = r.body
  if (r.isBase64Encoded) event.isBase64Encoded = true
  return event
}

/** The SCF context the Node.js runtime passes, with SCF's own (snake_case) field names. */
export interface ScfContext {
  /** Whether, after the callback, the runtime waits for the event loop to empty before returning the answer. */
  callbackWaitsForEmptyEventLoop: boolean
  /** The memory configured for the function, in MB. */
  memory_limit_in_mb: number
  /** The function's timeout, in ms. */
  time_limit_in_ms: number
  /** The invocation's request id. */
  request_id: string
  /** JSON of the function's environment variables (`environment` is the same). */
  environ: string
  /** JSON of the function's environment variables (the same as `environ`). */
  environment: string
  /** The version of the function invoked: `$LATEST` or a published version number. */
  function_version: string
  /** The function's name. */
  function_name: string
  /** The namespace the function is in (`default` unless created in another). */
  namespace: string
  /** The region the function runs in, e.g. `ap-guangzhou`. */
  tencentcloud_region: string
  /** The APPID of the Tencent Cloud account that owns the function. */
  tencentcloud_appid: string
  /** The UIN (account id) of the Tencent Cloud account that owns the function. */
  tencentcloud_uin: string
  /** The time left before the function times out, in ms. */
  getRemainingTimeInMillis(): number
}

/** Options for a mock SCF context: shortcuts, and any `ScfContext` field to set as it is. */
export interface ScfContextInit extends Partial<Omit<ScfContext, 'getRemainingTimeInMillis'>> {
  /** The function timeout the countdown starts from, in ms. Default `time_limit_in_ms`, or 3000. */
  timeoutMs?: number
  /** Sets `request_id`. Default a random UUID. */
  requestId?: string
  /** Sets `function_name`. Default `my-function`. */
  functionName?: string
  /** Sets `function_version`. Default `$LATEST`. */
  functionVersion?: string
  /** Sets `namespace` and `SCF_NAMESPACE` in `environ` and `environment`. Default `default`. */
  namespace?: string
  /** Sets `memory_limit_in_mb`. Default 128. */
  memory?: number
  /** Sets `tencentcloud_region`. Default `ap-guangzhou`. */
  region?: string
}

/** An SCF context with SCF's own (snake_case) field names and a live `getRemainingTimeInMillis()`. */
export function scfContext(init: ScfContextInit = {}): ScfContext {
  const { timeoutMs: given, requestId, functionName, functionVersion, namespace = 'default', memory, region, ...fields } = init
  const timeoutMs = given ?? init.time_limit_in_ms ?? 3000
  const deadline = Date.now() + timeoutMs
  return {
    callbackWaitsForEmptyEventLoop: true,
    memory_limit_in_mb: memory ?? 128,
    time_limit_in_ms: timeoutMs,
    request_id: requestId ?? randomUUID(),
    environ: JSON.stringify({ SCF_NAMESPACE: namespace }),
    environment: JSON.stringify({ SCF_NAMESPACE: namespace }),
    function_version: functionVersion ?? '$LATEST',
    function_name: functionName ?? 'my-function',
    namespace,
    tencentcloud_region: region ?? REGION,
    tencentcloud_appid: '1250000000',
    tencentcloud_uin: '100000000001',
    ...fields,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  }
}

// Non-HTTP events.

/** A timer trigger event. */
export function timer(init: { triggerName?: string; message?: string; time?: string } = {}): Record<string, unknown> {
  return { Message: init.message ?? '', Time: init.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), TriggerName: init.triggerName ?? 'every-minute', Type: 'Timer' }
}

/** Options for the COS factory. */
export interface ScfCosInit {
  /**
   * The bucket: its own name (`my-bucket`), or the name the SDKs use, with the APPID (`my-bucket-1250000000`).
   * Either way the event carries the two apart, as COS sends them. Default `my-bucket`.
   */
  bucket?: string
  /** The APPID of the account that owns the bucket. Default `1250000000`. */
  appid?: string
  /** The object key, decoded; sent as COS does: `/<appid>/<bucket>/<key>`, percent-encoded. */
  key: string
  /** The object size in bytes. Default 1024. */
  size?: number
  /** Default `cos:ObjectCreated:Put`. */
  eventName?: string
}

/** A COS trigger event for one object. */
export function cos(init: ScfCosInit): Record<string, unknown> {
  const appid = init.appid ?? '1250000000'
  const given = init.bucket ?? 'my-bucket'
  const bucket = given.endsWith(`-${appid}`) ? given.slice(0, -appid.length - 1) : given
  const key = encodeURIComponent(init.key).replace(/%2F/g, '/')
  return {
    Records: [
      {
        cos: {
          cosBucket: { appid, name: bucket, region: 'gz' },
          cosNotificationId: 'unknown',
          cosObject: {
            key: `/${appid}/${bucket}/${key}`,
            meta: { 'Content-Type': 'application/octet-stream', 'x-cos-request-id': randomHex(32) },
            size: init.size ?? 1024,
            url: `http://${bucket}-${appid}.cos.${REGION}.myqcloud.com/${key}`,
            vid: '',
          },
          cosSchemaVersion: '1.0',
        },
        event: {
          eventName: init.eventName ?? 'cos:ObjectCreated:Put',
          eventQueue: `qcs:0:scf:${REGION}:appid/${appid}:default.my-function.$LATEST`,
          eventSource: 'qcs::cos',
          eventTime: Math.floor(Date.now() / 1000),
          eventVersion: '1.0',
          reqid: Math.floor(Math.random() * 1e9),
          requestParameters: { requestHeaders: { Authorization: '' }, requestSourceIP: '203.0.113.10' },
          reservedInfo: '',
        },
      },
    ],
  }
}

/** A CMQ topic event, one record per message. */
export function cmq(messages: ReadonlyArray<string | { body: string; tag?: string; msgId?: string }>): Record<string, unknown> {
  return {
    Records: messages.map((m) => {
      const message = typeof m === 'string' ? { body: m } : m
      return {
        CMQ: {
          msgBody: message.body,
          msgId: message.msgId ?? String(Math.floor(Math.random() * 1e16)),
          msgTag: message.tag ?? '',
          publishTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          requestId: String(Math.floor(Math.random() * 1e18)),
          subscriptionName: 'my-subscription',
          topicName: 'my-topic',
          topicOwner: 1250000000,
          type: 'topic',
        },
      }
    }),
  }
}

/** A CKafka event, one record per message. */
export function ckafka(messages: ReadonlyArray<string | { body: string; key?: string }>, topic = 'my-topic'): Record<string, unknown> {
  return {
    Records: messages.map((m, offset) => {
      const message = typeof m === 'string' ? { body: m } : m
      return { Ckafka: { msgBody: message.body, msgKey: message.key ?? '', offset, partition: 0, topic } }
    }),
  }
}
