import { Readable } from 'node:stream'
import { decodePathLikeGateway, randomHex, resolveEventInit, type HttpEventInit, type ResolvedEventInit } from '../../src/model/event-init.js'
import type { FcApiGatewayEvent } from './apigw.js'
import type { FcHttpV2Request, FcHttpV2Response } from './http-v2.js'
import type { FcHttpV3Event } from './http-v3.js'

// Real-shaped Function Compute events for tests. FC delivers every event to the function as a Buffer of
// JSON, so the event factories return Buffers, exactly as the platform does.

const REGION = 'cn-hangzhou'
const ACCOUNT = '1234567890123456'

function requestId(): string {
  return `1-${randomHex(8)}-${randomHex(8)}-${randomHex(12)}`
}

function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
}

function headerPairs(r: ResolvedEventInit, host: string): Array<[string, string]> {
  const given = new Set(r.headers.map(([name]) => name.toLowerCase()))
  const defaults: Array<[string, string]> = [
    ['Host', host],
    ['User-Agent', 'curl/8.5.0'],
    ['Accept', '*/*'],
    ['X-Forwarded-For', r.sourceIp],
    ['X-Forwarded-Proto', 'https'],
  ]
  // The cookies are already in r.headers, as one Cookie header.
  return [...defaults.filter(([name]) => !given.has(name.toLowerCase())), ...r.headers]
}

/** Repeats joined with commas, as FC does for headers and query parameters. */
function commaJoined(pairs: Array<[string, string]>, rename: (name: string) => string = (n) => n): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of pairs) {
    const name = rename(k)
    out[name] = out[name] === undefined ? v : `${out[name]},${v}`
  }
  return out
}

/** An event as FC hands it to a function: a Buffer of its JSON. */
export function toBuffer(event: unknown): Buffer {
  return Buffer.from(JSON.stringify(event))
}

/** The FC 3.0 HTTP trigger event object (before FC serializes it); `httpV3()` returns it as a Buffer. */
export function httpV3Event(init: HttpEventInit = {}): FcHttpV3Event {
  const r = resolveEventInit(init)
  const prefix = `my-func-${randomHex(10)}`
  const domainName = `${prefix}.${REGION}.fcapp.run`
  const headers = commaJoined(headerPairs(r, domainName), titleCase)
  const now = Date.now()
  const event: FcHttpV3Event = {
    version: 'v1',
    rawPath: r.path,
    headers,
    queryParameters: commaJoined(r.query),
    body: r.body ?? '',
    isBase64Encoded: r.isBase64Encoded,
    requestContext: {
      accountId: ACCOUNT,
      domainName,
      domainPrefix: prefix,
      requestId: requestId(),
      time: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timeEpoch: String(now),
      http: { method: r.method, path: decodePathLikeGateway(r.path), protocol: 'HTTP/1.1', sourceIp: r.sourceIp, userAgent: headers['User-Agent'] ?? '' },
    },
  }
  return event
}

/** An FC 3.0 HTTP trigger event, delivered as a Buffer of JSON like the platform does. */
export function httpV3(init: HttpEventInit = {}): Buffer {
  return toBuffer(httpV3Event(init))
}

/** The API Gateway trigger event object; `apiGateway()` returns it as a Buffer. `isBase64Encoded` is a string, as documented. */
export function apiGatewayEvent(init: HttpEventInit & { pathParameters?: Record<string, string> } = {}): FcApiGatewayEvent {
  const r = resolveEventInit(init)
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of r.query) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return {
    path: r.path,
    httpMethod: r.method,
    headers: commaJoined(headerPairs(r, `${randomHex(32)}-${REGION}.alicloudapi.com`), titleCase),
    queryParameters: query,
    pathParameters: init.pathParameters ?? {},
    body: r.body ?? '',
    isBase64Encoded: r.isBase64Encoded ? 'true' : 'false',
  }
}

/** An API Gateway trigger event, delivered as a Buffer of JSON. */
export function apiGateway(init: HttpEventInit & { pathParameters?: Record<string, string> } = {}): Buffer {
  return toBuffer(apiGatewayEvent(init))
}

/** What an FC 2.0 `resp` recorded: the answer the client would get. */
export interface RecordedResponse {
  /** The status code set with `setStatusCode`; 200 until then. */
  statusCode: number
  /** The headers set, by lower-case name. */
  headers: Record<string, string | string[]>
  /** The body given to `send`, as bytes; undefined until `send` is called. */
  body: Buffer | undefined
  /** How many times `send` was called. */
  sends: number
}

/** A recorder with FC 2.0's `resp` API: `setStatusCode`, `setHeader`, `deleteHeader`, `send`. */
export class FcResponseRecorder implements FcHttpV2Response {
  /** What the handler has set and sent so far. */
  readonly recorded: RecordedResponse = { statusCode: 200, headers: {}, body: undefined, sends: 0 }
  /** Resolves when `send` has been called. */
  readonly sent: Promise<RecordedResponse>
  private resolveSent!: (r: RecordedResponse) => void

  constructor() {
    this.sent = new Promise((resolve) => (this.resolveSent = resolve))
  }
  /** Sets the status code. */
  setStatusCode(statusCode: number): void {
    this.recorded.statusCode = statusCode
  }
  /** Sets a header (stored by lower-case name), replacing any earlier value. */
  setHeader(name: string, value: string | string[]): void {
    this.recorded.headers[name.toLowerCase()] = value
  }
  /** Removes a header. */
  deleteHeader(name: string): void {
    delete this.recorded.headers[name.toLowerCase()]
  }
  /** Sends the body (a string as UTF-8), counts the call in `sends` and resolves `sent`. */
  send(body: Buffer | string): void {
    this.recorded.sends++
    this.recorded.body = typeof body === 'string' ? Buffer.from(body) : body
    this.resolveSent(this.recorded)
  }
}

/** The request for an FC 2.0 `(req, resp)` pair. */
export interface FcHttpV2Init extends HttpEventInit {
  /**
   * Hand the body over as `req.body` (a Buffer) on a stream that is already read, as runtimes that read the
   * body before calling the handler do (FC's documentation shows `req.body`). Default false: the body is on
   * the `req` stream.
   */
  bodyRead?: boolean
}

/**
 * FC 2.0's `(req, resp)` pair: `req` is a readable stream of the body (or, with `bodyRead`, an ended stream
 * with the body in `req.body`) with `headers` (lower-case), `path`, `queries` (a repeated key is a list),
 * `method`, `clientIP` and `url`; `resp` records the answer.
 */
export function httpV2(init: FcHttpV2Init = {}): { req: FcHttpV2Request & Readable; resp: FcResponseRecorder } {
  const r = resolveEventInit(init)
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8')
  const req = Readable.from(init.bodyRead || body.length === 0 ? [] : [body]) as unknown as FcHttpV2Request & Readable
  if (init.bodyRead) {
    req.body = body
    // The runtime has drained the stream: it ends without data.
    req.resume()
  }
  const headers: Record<string, string | string[]> = {}
  for (const [k, v] of headerPairs(r, `${ACCOUNT}.${REGION}.fc.aliyuncs.com`)) {
    const name = k.toLowerCase()
    const prev = headers[name]
    headers[name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  const queries: Record<string, string | string[]> = {}
  for (const [k, v] of r.query) {
    const prev = queries[k]
    queries[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  Object.assign(req, { headers, path: r.path, queries, method: r.method, clientIP: r.sourceIp, url: r.rawQuery ? `${r.path}?${r.rawQuery}` : r.path })
  return { req, resp: new FcResponseRecorder() }
}

/** The FC context the Node.js runtime passes, with FC's own field names. */
export interface FcContext {
  /** The invocation's request id. */
  requestId: string
  /** STS credentials of the function's role; empty when no role is attached. */
  credentials: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string }
  /** `timeout` and `initializationTimeout` in seconds, `memory` in MB. */
  function: { name: string; handler: string; memory: number; timeout: number; initializer?: string; initializationTimeout?: number }
  /** FC 3.0 has no service `name`. */
  service: { name?: string; logProject: string; logStore: string; qualifier: string; versionId?: string }
  /** The region the function runs in, e.g. `cn-hangzhou`. */
  region: string
  /** The id of the Alibaba Cloud account that owns the function. */
  accountId: string
  /** Writes to the function's logs, tagged with the request id. */
  logger: { debug(...args: unknown[]): void; info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void }
  /** How many times this invocation has been retried; 0 on the first attempt. */
  retryCount: number
  /** Tracing Analysis (OpenTracing/Jaeger): the span context, baggage and endpoint, when tracing is enabled. */
  tracing: { openTracingSpanContext?: string; openTracingSpanBaggages: Record<string, string>; jaegerEndpoint?: string }
}

/** Options for a mock FC context: shortcuts, and any `FcContext` field to set as it is. */
export interface FcContextInit extends Partial<FcContext> {
  /** The function timeout the deadline counts from, in ms. Default 3000. */
  timeoutMs?: number
  /** Sets `function.name`. Default `my-func`. */
  functionName?: string
  /** Sets `function.memory`, in MB. Default 512. */
  memory?: number
  /** FC 2.0 service name (FC 3.0 has none). */
  serviceName?: string
  /** Sets `service.qualifier`, the version or alias invoked. Default `LATEST`. */
  qualifier?: string
}

/** An FC context with FC's own field names; the deadline follows from `function.timeout` (seconds). */
export function fcContext(init: FcContextInit = {}): FcContext {
  const { timeoutMs = 3000, functionName, memory, serviceName, qualifier, ...fields } = init
  const service: FcContext['service'] = { logProject: 'aliyun-fc-cn-hangzhou-logs', logStore: 'function-log', qualifier: qualifier ?? 'LATEST' }
  if (serviceName) service.name = serviceName
  return {
    requestId: requestId(),
    credentials: { accessKeyId: `STS.${randomHex(20)}`, accessKeySecret: randomHex(30), securityToken: randomHex(40) },
    function: { name: functionName ?? 'my-func', handler: 'index.handler', memory: memory ?? 512, timeout: timeoutMs / 1000 },
    service,
    region: REGION,
    accountId: ACCOUNT,
    logger: console,
    retryCount: 0,
    tracing: { openTracingSpanBaggages: {} },
    ...fields,
  }
}

// Non-HTTP events, delivered as Buffers of JSON like every FC event.

function isoSeconds(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A time trigger event. */
export function timer(init: { triggerName?: string; payload?: string; time?: string } = {}): Buffer {
  return toBuffer({ triggerTime: init.time ?? isoSeconds(), triggerName: init.triggerName ?? 'timer-trigger', payload: init.payload ?? '' })
}

/** An OSS trigger event for one object; `key` is given decoded and sent percent-encoded, as OSS does. */
export function oss(init: { bucket?: string; key: string; size?: number; eventName?: string }): Buffer {
  const bucket = init.bucket ?? 'my-bucket'
  return toBuffer({
    events: [
      {
        eventName: init.eventName ?? 'ObjectCreated:PutObject',
        eventSource: 'acs:oss',
        eventTime: new Date().toISOString(),
        eventVersion: '1.0',
        oss: {
          bucket: { arn: `acs:oss:${REGION}:${ACCOUNT}:${bucket}`, name: bucket, ownerIdentity: ACCOUNT },
          object: { deltaSize: init.size ?? 1024, eTag: randomHex(32).toUpperCase(), key: encodeURIComponent(init.key).replace(/%2F/g, '/'), size: init.size ?? 1024 },
          ossSchemaVersion: '1.0',
          ruleId: randomHex(40),
        },
        region: REGION,
        requestParameters: { sourceIPAddress: '203.0.113.10' },
        responseElements: { requestId: randomHex(24).toUpperCase() },
        userIdentity: { principalId: ACCOUNT },
      },
    ],
  })
}

/** An MNS topic notification in JSON format; attributes arrive as extra top-level fields. */
export function mnsTopic(init: { message: string; topic?: string; attributes?: Record<string, string>; messageId?: string }): Buffer {
  return toBuffer({
    ...init.attributes,
    TopicOwner: ACCOUNT,
    Message: init.message,
    Subscriber: ACCOUNT,
    PublishTime: Date.now(),
    SubscriptionName: 'fc-subscription',
    MessageMD5: randomHex(32).toUpperCase(),
    TopicName: init.topic ?? 'my-topic',
    MessageId: init.messageId ?? randomHex(32).toUpperCase(),
  })
}

/** An MNS topic notification in STREAM format: `{ body, attrs }`. */
export function mnsStream(init: { body: string; attrs?: Record<string, string> }): Buffer {
  return toBuffer({ body: init.body, attrs: init.attrs ?? {} })
}

function cloudEventEnvelope(type: string, source: string, subject: string, data: unknown): Record<string, unknown> {
  return {
    id: `${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`,
    source,
    specversion: '1.0',
    type,
    datacontenttype: 'application/json; charset=utf-8',
    subject,
    time: new Date().toISOString(),
    aliyunaccountid: ACCOUNT,
    aliyunpublishtime: new Date().toISOString(),
    aliyuneventbusname: source,
    aliyunregionid: REGION,
    data,
  }
}

/** An MNS queue message through EventBridge: one CloudEvents envelope. */
export function mnsQueue(init: { body: string; queue?: string; messageId?: string }): Buffer {
  const queue = init.queue ?? 'my-queue'
  return toBuffer(
    cloudEventEnvelope('mns:Queue:SendMessage', 'MNS-Function-mnstrigger', `acs:mns:${REGION}:${ACCOUNT}:queues/${queue}`, {
      requestId: randomHex(24).toUpperCase(),
      messageId: init.messageId ?? randomHex(32).toUpperCase(),
      messageBody: init.body,
    }),
  )
}

/** A Kafka batch through EventBridge: a JSON array of JSON strings, one CloudEvents envelope each. */
export function kafka(messages: ReadonlyArray<string | { value: string; key?: string; topic?: string }>): Buffer {
  return toBuffer(
    messages.map((m, offset) => {
      const message = typeof m === 'string' ? { value: m } : m
      const topic = message.topic ?? 'my-topic'
      return JSON.stringify(
        cloudEventEnvelope('alikafka:Topic:Message', 'acs:alikafka', `acs:alikafka:alikafka_pre-${REGION}:topic:${topic}`, {
          topic,
          partition: 0,
          offset,
          timestamp: Date.now(),
          headers: { headers: [], isReadOnly: false },
          key: message.key,
          value: message.value,
        }),
      )
    }),
  )
}
