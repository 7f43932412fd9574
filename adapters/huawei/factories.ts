import { randomUUID } from 'node:crypto'
import { randomHex, resolveEventInit, type HttpEventInit, type ResolvedEventInit } from '../../src/model/event-init.js'
import type { Logger } from '../../src/model/invocation.js'
import type { HuaweiApigEvent } from './apig.js'
import type { HuaweiDmsEvent } from './dms.js'
import type { HuaweiObsEvent } from './obs.js'
import type { HuaweiSmnEvent } from './smn.js'
import type { HuaweiTimerEvent } from './timer.js'

// Real-shaped FunctionGraph events for tests, following the documented sample events: lower-case headers with
// x-real-ip / x-forwarded-*, the body always base64 with `isBase64Encoded: true` (APIG's default), snake_case
// fields on the non-HTTP events.

const REGION = 'cn-north-4'
const PROJECT_ID = '0162c0f220284698b77a3d264376343a'

/** Lower-case names; a header sent more than once arrives comma-joined (the cookies are one Cookie header already). */
function lowerCaseHeaders(r: ResolvedEventInit, host: string): Record<string, string> {
  const given = new Map<string, string[]>()
  for (const [k, v] of r.headers) given.set(k.toLowerCase(), [...(given.get(k.toLowerCase()) ?? []), v])
  const out: Record<string, string> = {
    host,
    'user-agent': 'curl/8.5.0',
    accept: '*/*',
    'x-forwarded-for': r.sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    'x-real-ip': r.sourceIp,
  }
  for (const [name, values] of given) out[name] = values.join(',')
  return out
}

/** `queryStringParameters`: decoded values, a repeated key as a list. */
function queryParameters(r: ResolvedEventInit): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of r.query) {
    const prev = out[k]
    out[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v]
  }
  return out
}

/** Options for the APIG factory. */
export interface HuaweiApigInit extends HttpEventInit {
  /** The values of the API path's parameters (`pathParameters`). Default none. */
  pathParameters?: Record<string, string>
  /** The API's environment (`requestContext.stage`). Default `RELEASE`. */
  stage?: string
}

/** An APIG trigger event for a FunctionGraph event function; the body (if any) base64, as APIG sends it. */
export function apig(init: HuaweiApigInit = {}): HuaweiApigEvent {
  const r = resolveEventInit(init)
  const body = r.body === undefined ? '' : r.isBase64Encoded ? r.body : Buffer.from(r.body, 'utf8').toString('base64')
  const apiId = randomUUID()
  return {
    body,
    requestContext: { apiId, requestId: randomHex(32), stage: init.stage ?? 'RELEASE' },
    queryStringParameters: queryParameters(r),
    httpMethod: r.method,
    pathParameters: init.pathParameters ?? {},
    headers: lowerCaseHeaders(r, `${randomHex(32)}.apic.${REGION}.huaweicloudapis.com`),
    path: r.path,
    isBase64Encoded: true,
  }
}

/** A timer trigger event. `userEvent` is the additional information configured on the trigger. */
export function timer(init: { triggerName?: string; userEvent?: string; time?: string } = {}): HuaweiTimerEvent {
  return {
    version: 'v1.0',
    time: init.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    trigger_type: 'TIMER',
    trigger_name: init.triggerName ?? 'Timer_001',
    user_event: init.userEvent ?? '',
  }
}

/** Options for the OBS factory. */
export interface HuaweiObsInit {
  /** Default `my-bucket`. */
  bucket?: string
  /** The object key, decoded; sent URL-encoded as OBS does. */
  key: string
  /** The object size in bytes. Default 1024. */
  size?: number
  /** Default `ObjectCreated:Put`. */
  eventName?: string
  /** `obs`: OBS's own format (`eventSource: 'OBS'`, an `obs` section; default); `s3`: the S3-compatible one. */
  format?: 'obs' | 's3'
}

/** An OBS trigger event for one object. */
export function obs(init: HuaweiObsInit): HuaweiObsEvent {
  const bucket = init.bucket ?? 'my-bucket'
  const key = encodeURIComponent(init.key).replace(/%2F/g, '/').replace(/%20/g, '+')
  const object = { key, eTag: randomHex(32), size: init.size ?? 1024, versionId: 'null', sequencer: '0000000019386C6871FB059ED0000000' }
  const requestId = randomHex(32)
  const common = {
    eventVersion: init.format === 's3' ? '2.0' : '3.0',
    eventTime: new Date().toISOString(),
    eventName: init.eventName ?? 'ObjectCreated:Put',
    requestParameters: { sourceIPAddress: '203.0.113.10' },
  }
  if (init.format === 's3') {
    return {
      Records: [
        {
          ...common,
          eventSource: 'aws:s3',
          awsRegion: REGION,
          userIdentity: { principalId: randomHex(32) },
          responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': randomHex(64) },
          s3: { s3SchemaVersion: '1.0', configurationId: randomUUID(), bucket: { name: bucket, ownerIdentity: { PrincipalId: randomHex(32) }, arn: `arn:aws:s3:::${bucket}` }, object },
        } as HuaweiObsEvent['Records'][number],
      ],
    }
  }
  return {
    Records: [
      {
        ...common,
        eventSource: 'OBS',
        eventRegion: REGION,
        userIdentity: { ID: randomHex(32) },
        responseElements: { 'x-obs-request-id': requestId, 'x-obs-id-2': randomHex(64) },
        obs: { Version: '1.0', configurationId: randomUUID(), bucket: { name: bucket, bucket, ownerIdentity: { ID: randomHex(32) } }, object },
      } as HuaweiObsEvent['Records'][number],
    ],
  }
}

/** One SMN message: its text, or the message with a subject and attributes. */
export type HuaweiSmnMessage = string | { message: string; subject?: string; attributes?: Record<string, string>; messageId?: string }

/** An SMN trigger event, one record per message, from topic `topic` (default `my-topic`). */
export function smn(messages: readonly HuaweiSmnMessage[], topic = 'my-topic'): HuaweiSmnEvent {
  return {
    record: messages.map((m) => {
      const given = typeof m === 'string' ? { message: m } : m
      return {
        event_version: '1.0',
        smn: {
          topic_urn: `urn:smn:${REGION}:${PROJECT_ID}:${topic}`,
          timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          message_attributes: given.attributes ?? null,
          message: given.message,
          type: 'notification',
          message_id: given.messageId ?? randomHex(32),
          subject: given.subject ?? '',
        },
        event_subscription_urn: `urn:fss:${REGION}:${PROJECT_ID}:function:default:my-function:latest`,
        event_source: 'smn' as const,
      }
    }),
    functionname: 'my-function',
    requestId: randomUUID(),
    timestamp: new Date().toString(),
  }
}

/** A DMS for Kafka (default) or DMS for RocketMQ trigger event: the messages, as one record of topic `topic`. */
export function dms(messages: readonly string[], init: { topic?: string; type?: 'KAFKA' | 'ROCKETMQ' } = {}): HuaweiDmsEvent {
  return {
    event_version: 'v1.0',
    event_time: Math.floor(Date.now() / 1000),
    trigger_type: init.type ?? 'KAFKA',
    region: REGION,
    instance_id: randomUUID(),
    records: [{ messages: [...messages], topic_id: init.topic ?? 'topic-test' }],
  }
}

/** The credentials a mock context hands out, so tests can check they never leak. Not real keys. */
export const FAKE_HUAWEI_CREDENTIALS = {
  accessKey: 'FAKE-HUAWEI-ACCESS-KEY-0001',
  secretKey: 'FAKE-HUAWEI-SECRET-KEY-0002',
  securityAccessKey: 'FAKE-HUAWEI-SECURITY-AK-0003',
  securitySecretKey: 'FAKE-HUAWEI-SECURITY-SK-0004',
  securityToken: 'FAKE-HUAWEI-SECURITY-TOKEN-0005',
  token: 'FAKE-HUAWEI-IAM-TOKEN-0006',
} as const

/** The FunctionGraph Node.js context: getter methods only (the documented context interface). */
export interface HuaweiContext {
  /** The invocation's request id. */
  getRequestID(): string
  /** The time left before the function times out, in ms. */
  getRemainingTimeInMilliSeconds(): number
  /** The agency's access key (no longer maintained by FunctionGraph). */
  getAccessKey(): string
  /** The agency's secret key (no longer maintained by FunctionGraph). */
  getSecretKey(): string
  /** The agency's temporary access key. */
  getSecurityAccessKey(): string
  /** The agency's temporary secret key. */
  getSecuritySecretKey(): string
  /** The agency's security token. */
  getSecurityToken(): string
  /** The agency's IAM token. */
  getToken(): string
  /** One of the function's environment variables. */
  getUserData(key: string): string | undefined
  /** The function's name. */
  getFunctionName(): string
  /** The function's timeout: in milliseconds in the Node.js runtime, despite the name. */
  getRunningTimeInSeconds(): number
  /** The function version invoked, e.g. `latest`. */
  getVersion(): string
  /** The memory configured for the function, in MB. */
  getMemorySize(): number
  /** The CPU the function gets, in millicores. */
  getCPUNumber(): number
  /** The app (function group) the function belongs to. */
  getPackage(): string
  /** The project id the function runs in. */
  getProjectID(): string
  /** The function alias invoked, if any. */
  getAlias(): string
  /** The context's logger. */
  getLogger(): Logger
}

/** Options for a mock FunctionGraph context. */
export interface HuaweiContextInit {
  /** The function timeout the countdown starts from, in ms (also what `getRunningTimeInSeconds()` returns). Default 3000. */
  timeoutMs?: number
  /** `getRequestID()`. Default a random UUID. */
  requestId?: string
  /** `getFunctionName()`. Default `my-function`. */
  functionName?: string
  /** `getVersion()`. Default `latest`. */
  version?: string
  /** `getMemorySize()`. Default 128. */
  memory?: number
  /** `getProjectID()`. Default a 32-hex project id. */
  projectId?: string
  /** `getPackage()`. Default `default`. */
  package?: string
  /** `getAlias()`. Default `''`. */
  alias?: string
  /** `getUserData(key)` reads these. Default none. */
  userData?: Record<string, string>
  /** `getLogger()`. Default a logger that writes to the console with the request id in front. */
  logger?: Logger
}

/**
 * A FunctionGraph context with the documented getters, a live countdown and fake credentials. Shaped like the
 * runtime's own (its context.js, linked from "Using the FunctionGraph context"): a class instance whose fields hold
 * the credentials in the open, so `JSON.stringify(context)` shows them, and whose `getRunningTimeInSeconds()`
 * returns milliseconds despite its name. A test that the context never leaks is then a test of something.
 */
export function huaweiContext(init: HuaweiContextInit = {}): HuaweiContext {
  return new MockHuaweiContext(init)
}

class MockHuaweiContext implements HuaweiContext {
  readonly requestID: string
  readonly functionName: string
  readonly package: string
  readonly projectID: string
  readonly functionVersion: string
  readonly memory: number
  readonly cpu = 300
  readonly alias: string
  /** In milliseconds, as the runtime keeps it (`RUNTIME_TIMEOUT * 1000`). */
  readonly timeout: number
  readonly startTime = Date.now()
  readonly accessKey: string = FAKE_HUAWEI_CREDENTIALS.accessKey
  readonly secretKey: string = FAKE_HUAWEI_CREDENTIALS.secretKey
  readonly securityAccessKey: string = FAKE_HUAWEI_CREDENTIALS.securityAccessKey
  readonly securitySecretKey: string = FAKE_HUAWEI_CREDENTIALS.securitySecretKey
  readonly securityToken: string = FAKE_HUAWEI_CREDENTIALS.securityToken
  readonly authToken: string = FAKE_HUAWEI_CREDENTIALS.token
  readonly userData: Record<string, string>
  readonly logger: Logger

  constructor(init: HuaweiContextInit) {
    this.timeout = init.timeoutMs ?? 3000
    this.requestID = init.requestId ?? randomUUID()
    this.functionName = init.functionName ?? 'my-function'
    this.package = init.package ?? 'default'
    this.projectID = init.projectId ?? PROJECT_ID
    this.functionVersion = init.version ?? 'latest'
    this.memory = init.memory ?? 128
    this.alias = init.alias ?? ''
    this.userData = { ...init.userData }
    const requestId = this.requestID
    this.logger = init.logger ?? {
      debug: (...args) => console.debug(requestId, ...args),
      info: (...args) => console.info(requestId, ...args),
      warn: (...args) => console.warn(requestId, ...args),
      error: (...args) => console.error(requestId, ...args),
    }
  }

  getRequestID(): string {
    return this.requestID
  }
  getRemainingTimeInMilliSeconds(): number {
    return Math.max(0, this.startTime + this.timeout - Date.now())
  }
  getAccessKey(): string {
    return this.accessKey
  }
  getSecretKey(): string {
    return this.secretKey
  }
  getSecurityAccessKey(): string {
    return this.securityAccessKey
  }
  getSecuritySecretKey(): string {
    return this.securitySecretKey
  }
  getSecurityToken(): string {
    return this.securityToken
  }
  getToken(): string {
    return this.authToken
  }
  getUserData(key: string): string | undefined {
    return Object.hasOwn(this.userData, key) ? this.userData[key] : undefined
  }
  getFunctionName(): string {
    return this.functionName
  }
  getRunningTimeInSeconds(): number {
    return this.timeout
  }
  getVersion(): string {
    return this.functionVersion
  }
  getMemorySize(): number {
    return this.memory
  }
  getCPUNumber(): number {
    return this.cpu
  }
  getPackage(): string {
    return this.package
  }
  getProjectID(): string {
    return this.projectID
  }
  getAlias(): string {
    return this.alias
  }
  getLogger(): Logger {
    return this.logger
  }
}
