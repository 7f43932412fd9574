import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2, Context, EventBridgeEvent, LambdaFunctionURLEvent, S3Event, ScheduledEvent, SNSEvent, SQSEvent } from 'aws-lambda'
import { randomUUID } from 'node:crypto'
import { decodePathLikeGateway, randomHex, resolveEventInit, type HttpEventInit, type ResolvedEventInit } from '../../src/model/event-init.js'

// Real-shaped Lambda events for tests, following the AWS documentation's samples field for field.

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'

/** Options shared by the API Gateway factories. */
export interface ApiGatewayInit extends HttpEventInit {
  /** The API stage. Default `prod` (v1) or `$default` (v2). */
  stage?: string
  /** The matched resource (v1) or route key (v2). Default `/{proxy+}` / `$default`. */
  route?: string
  /** Path parameters the gateway extracted. */
  pathParameters?: Record<string, string>
}

/** Options for the ALB factory. */
export interface AlbInit extends HttpEventInit {
  /** Whether the target group has multi-value headers enabled. Default false. */
  multiValue?: boolean
}

function defaultHeaders(r: ResolvedEventInit, host: string): Array<[string, string]> {
  const given = new Set(r.headers.map(([name]) => name.toLowerCase()))
  const defaults: Array<[string, string]> = [
    ['Host', host],
    ['User-Agent', 'curl/8.5.0'],
    ['Accept', '*/*'],
    ['X-Amzn-Trace-Id', `Root=1-${randomHex(8)}-${randomHex(24)}`],
    ['X-Forwarded-For', r.sourceIp],
    ['X-Forwarded-Port', '443'],
    ['X-Forwarded-Proto', 'https'],
  ]
  return [...defaults.filter(([name]) => !given.has(name.toLowerCase())), ...r.headers]
}

function lastValues(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of pairs) out[k] = v
  return out
}

function allValues(pairs: Array<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [k, v] of pairs) (out[k] ??= []).push(v)
  return out
}

/** Headers keyed case-insensitively as one gateway does: names lower-cased, repeats joined with commas. */
function joinedLowerCase(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of pairs) {
    const name = k.toLowerCase()
    out[name] = out[name] === undefined ? v : `${out[name]},${v}`
  }
  return out
}

function userAgent(pairs: Array<[string, string]>): string {
  return pairs.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? ''
}

/** An API Gateway REST API (payload format 1.0) proxy event. */
export function apiGatewayV1(init: ApiGatewayInit = {}): APIGatewayProxyEvent {
  const r = resolveEventInit(init)
  const apiId = 'abcdef1234'
  const stage = init.stage ?? 'prod'
  const domainName = `${apiId}.execute-api.${REGION}.amazonaws.com`
  const headers = defaultHeaders(r, domainName)
  const resource = init.route ?? '/{proxy+}'
  const now = Date.now()
  return {
    resource,
    path: r.path,
    httpMethod: r.method,
    headers: lastValues(headers),
    multiValueHeaders: allValues(headers),
    queryStringParameters: r.query.length ? lastValues(r.query) : null,
    multiValueQueryStringParameters: r.query.length ? allValues(r.query) : null,
    pathParameters: init.pathParameters ?? (resource === '/{proxy+}' ? { proxy: r.path.slice(1) } : null),
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT,
      apiId,
      authorizer: undefined,
      domainName,
      domainPrefix: apiId,
      extendedRequestId: randomHex(16),
      httpMethod: r.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: r.sourceIp,
        user: null,
        userAgent: userAgent(headers),
        userArn: null,
      },
      path: `/${stage}${r.path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      resourceId: randomHex(6),
      resourcePath: resource,
      stage,
    },
    body: r.body ?? null,
    isBase64Encoded: r.isBase64Encoded,
  }
}

// Payload 2.0 moves the request's cookies out of the headers into cookies[], one entry per cookie.
function splitCookies(r: ResolvedEventInit): { headers: Array<[string, string]>; cookies: string[] } {
  return { headers: r.headers.filter(([name]) => name.toLowerCase() !== 'cookie'), cookies: r.cookies }
}

function v2Event(resolved: ResolvedEventInit, init: ApiGatewayInit, domainName: string, path: string): APIGatewayProxyEventV2 {
  const r = { ...resolved, ...splitCookies(resolved) }
  const apiId = domainName.split('.')[0]!
  const headers = joinedLowerCase(defaultHeaders(r, domainName))
  const stage = init.stage ?? '$default'
  // A named stage is part of the path the client called, in rawPath and requestContext.http.path alike.
  const rawPath = stage === '$default' ? path : `/${stage}${path}`
  const now = Date.now()
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: init.route ?? '$default',
    rawPath,
    rawQueryString: r.rawQuery,
    headers,
    requestContext: {
      accountId: ACCOUNT,
      apiId,
      domainName,
      domainPrefix: apiId,
      http: { method: r.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: r.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomHex(8) + '=',
      routeKey: init.route ?? '$default',
      stage,
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: r.isBase64Encoded,
  }
  if (r.cookies.length > 0) event.cookies = r.cookies
  if (r.query.length > 0) event.queryStringParameters = commaJoined(r.query)
  if (init.pathParameters) event.pathParameters = init.pathParameters
  if (r.body !== undefined) event.body = r.body
  return event
}

// Payload 2.0 joins repeated query values with commas in the parsed map (rawQueryString keeps them apart).
function commaJoined(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of pairs) out[k] = out[k] === undefined ? v : `${out[k]},${v}`
  return out
}

/** An API Gateway HTTP API (payload format 2.0) event. The path arrives decoded, as HTTP APIs deliver it. */
export function apiGatewayV2(init: ApiGatewayInit = {}): APIGatewayProxyEventV2 {
  const r = resolveEventInit(init)
  return v2Event(r, init, `r3pmxmplak.execute-api.${REGION}.amazonaws.com`, decodePathLikeGateway(r.path))
}

/** A Lambda Function URL event (payload format 2.0 on a `lambda-url` domain; the path stays encoded). */
export function functionUrl(init: HttpEventInit = {}): LambdaFunctionURLEvent {
  const r = resolveEventInit(init)
  return v2Event(r, {}, `a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.${REGION}.on.aws`, r.path) as LambdaFunctionURLEvent
}

// ALB passes only these body types as text; it base64-encodes every other one.
function albText(contentType: string): boolean {
  return /^\s*(?:text\/|application\/(?:json|javascript|xml)\b)/i.test(contentType)
}

/** An Application Load Balancer event; query keys and values arrive still percent-encoded, as ALB sends them. */
export function alb(init: AlbInit = {}): ALBEvent {
  const r = resolveEventInit(init, albText)
  const headerPairs = defaultHeaders(r, 'lambda-alb-123578498.us-east-1.elb.amazonaws.com')
    .filter(([k]) => k.toLowerCase() !== 'x-amzn-trace-id')
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
  const rawPairs = r.rawQuery
    ? r.rawQuery.split('&').map((pair): [string, string] => {
        const eq = pair.indexOf('=')
        return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]
      })
    : []
  const event: ALBEvent = {
    requestContext: {
      elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a` },
    },
    httpMethod: r.method,
    path: r.path,
    body: r.body ?? '',
    isBase64Encoded: r.isBase64Encoded,
  }
  if (init.multiValue) {
    event.multiValueHeaders = allValues(headerPairs)
    event.multiValueQueryStringParameters = allValues(rawPairs)
  } else {
    // Without multi-value headers, ALB keeps the last value of each repeated header or query key.
    event.headers = lastValues(headerPairs)
    event.queryStringParameters = lastValues(rawPairs)
  }
  return event
}

/** Options for a mock Lambda context. */
export interface LambdaContextInit extends Partial<Omit<Context, 'getRemainingTimeInMillis'>> {
  /** The function timeout the countdown starts from, in ms. Default 3000. */
  timeoutMs?: number
}

/** A Lambda context with the runtime's field names and a live `getRemainingTimeInMillis()` countdown. */
export function lambdaContext(init: LambdaContextInit = {}): Context {
  const { timeoutMs = 3000, ...fields } = init
  const deadline = Date.now() + timeoutMs
  const functionName = fields.functionName ?? 'my-function'
  const deprecated = (name: string) => () => {
    throw new Error(`context.${name}() is deprecated on Lambda; return a value or use the callback`)
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomHex(32)}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: deprecated('done'),
    fail: deprecated('fail'),
    succeed: deprecated('succeed'),
    ...fields,
  }
}

// Non-HTTP events.

const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:my-queue`
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:my-topic`

/** One SQS message for `sqs()`: a body (objects are sent as JSON) and optional attributes. */
export interface SqsMessageInit {
  /** The message body; an object is sent as JSON. */
  body: string | object
  /** The message id. Default a random UUID. */
  messageId?: string
  /** Message attributes (string values), sent as `messageAttributes`. */
  attributes?: Record<string, string>
}

function text(body: string | object): string {
  return typeof body === 'string' ? body : JSON.stringify(body)
}

/** An SQS batch event, one record per message. */
export function sqs(messages: ReadonlyArray<SqsMessageInit | string>): SQSEvent {
  return {
    Records: messages.map((m) => {
      const message = typeof m === 'string' ? { body: m } : m
      const body = text(message.body)
      return {
        messageId: message.messageId ?? randomUUID(),
        receiptHandle: `AQEB${randomHex(40)}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: Object.fromEntries(Object.entries(message.attributes ?? {}).map(([k, v]) => [k, { stringValue: v, stringListValues: [], binaryListValues: [], dataType: 'String' }])),
        md5OfBody: randomHex(32),
        eventSource: 'aws:sqs',
        eventSourceARN: QUEUE_ARN,
        awsRegion: REGION,
      }
    }),
  }
}

/** An SNS notification event with one record. */
export function sns(init: { message: string | object; subject?: string; attributes?: Record<string, string>; messageId?: string }): SNSEvent {
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC_ARN}:${randomUUID()}`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: new Date().toISOString(),
          Signature: 'EXAMPLE',
          SigningCertUrl: 'EXAMPLE',
          MessageId: init.messageId ?? randomUUID(),
          Message: text(init.message),
          MessageAttributes: Object.fromEntries(Object.entries(init.attributes ?? {}).map(([k, v]) => [k, { Type: 'String', Value: v }])),
          Type: 'Notification',
          UnsubscribeUrl: 'EXAMPLE',
          TopicArn: TOPIC_ARN,
          Subject: init.subject ?? 'TestInvoke',
        },
      },
    ],
  }
}

/** An S3 notification for one object; `key` is given decoded and sent URL-encoded, as S3 does. */
export function s3(init: { bucket?: string; key: string; size?: number; eventName?: string }): S3Event {
  const bucket = init.bucket ?? 'my-bucket'
  const removed = /remove|delete/i.test(init.eventName ?? '')
  const object: S3Event['Records'][number]['s3']['object'] = {
    key: encodeURIComponent(init.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
    size: init.size ?? 1024,
    eTag: '0123456789abcdef0123456789abcdef',
    sequencer: '0A1B2C3D4E5F678901',
  }
  if (removed) {
    delete (object as Partial<typeof object>).size
    delete (object as Partial<typeof object>).eTag
  }
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: REGION,
        eventTime: new Date().toISOString(),
        eventName: init.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: 'EXAMPLE' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomHex(16).toUpperCase(), 'x-amz-id-2': randomHex(40) },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'on-upload',
          bucket: { name: bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
          object,
        },
      },
    ],
  }
}

/** An EventBridge scheduled event (a schedule rule; `source: 'aws.scheduler'` for a Scheduler schedule using the envelope input). */
export function scheduled(init: { rule?: string; time?: string; source?: 'aws.events' | 'aws.scheduler'; detail?: object } = {}): ScheduledEvent {
  const source = init.source ?? 'aws.events'
  const name = init.rule ?? 'every-5-minutes'
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source,
    account: ACCOUNT,
    time: init.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [source === 'aws.scheduler' ? `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${name}` : `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`],
    detail: init.detail ?? {},
  }
}

/** Any EventBridge event. */
export function eventBridge<T = unknown>(init: { source: string; detailType: string; detail: T; resources?: string[] }): EventBridgeEvent<string, T> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': init.detailType,
    source: init.source,
    account: ACCOUNT,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: init.resources ?? [],
    detail: init.detail,
  }
}
