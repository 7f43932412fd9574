/**
 * `faasport/testing`: real-shaped events for every trigger, mock platform contexts, `invoke()` for any entry
 * function, and `request()` to send one HTTP request through any gateway and read the answer back.
 */
import type { Context } from 'aws-lambda'
import * as awsEvents from '../../adapters/lambda/factories.js'
import * as awsStreams from '../../adapters/lambda/stream-factories.js'
import * as azureEvents from '../../adapters/azure/factories.js'
import * as fcEvents from '../../adapters/fc/factories.js'
import * as gcpEvents from '../../adapters/gcp/factories.js'
import * as huaweiEvents from '../../adapters/huawei/factories.js'
import * as scfEvents from '../../adapters/scf/factories.js'
import type { ProviderName } from '../model/invocation.js'
import type { AzureContext, AzureContextInit } from '../../adapters/azure/factories.js'
import type { FcContext, FcContextInit } from '../../adapters/fc/factories.js'
import type { HuaweiContext, HuaweiContextInit } from '../../adapters/huawei/factories.js'
import type { ScfContext, ScfContextInit } from '../../adapters/scf/factories.js'
import type { InvokeOptions } from '../testing/invoke.js'
import type { HttpTriggerRef, TestRequestInit, TestResponse } from '../testing/request.js'
import { kit } from './test-kit.js'

export { InvokeError, type InvokeOptions, type InvokeProblem } from '../testing/invoke.js'
export type { StreamedChunk, StreamedResponse } from '../model/kit.js'
export type { HttpTriggerRef, TestRequestInit, TestResponse } from '../testing/request.js'
export type { HttpEventInit } from '../model/event-init.js'
export type { AlbInit, ApiGatewayInit, LambdaContextInit, SqsMessageInit } from '../../adapters/lambda/factories.js'
export type { DynamoDbChangeInit, KafkaRecordInit, KinesisRecordInit } from '../../adapters/lambda/stream-factories.js'
export type { FcContext, FcContextInit, FcHttpV2Init, FcResponseRecorder, RecordedResponse } from '../../adapters/fc/factories.js'
export type { AzureBlobInit, AzureCall, AzureContext, AzureContextInit, AzureHttpRequestInit, AzureHttpRequestLike, AzureServiceBusMessage } from '../../adapters/azure/factories.js'
export type { GcpCloudEventInit, GcpHttpInit, GcpPubSubInit, GcpRecordedChunk, GcpRecordedResponse, GcpResponseRecorder, GcpStorageInit } from '../../adapters/gcp/factories.js'
export type { HuaweiApigInit, HuaweiContext, HuaweiContextInit, HuaweiObsInit, HuaweiSmnMessage } from '../../adapters/huawei/factories.js'
export type { ScfApiGatewayInit, ScfContext, ScfContextInit, ScfCosInit } from '../../adapters/scf/factories.js'

/**
 * Event factories per provider: realistic defaults, so a test sets only what matters. HTTP factories take an
 * `HttpEventInit` (`method`, `path` with query, `query`, `headers`, `cookies`, `body`, `sourceIp`); bodies
 * that are bytes are base64-encoded for you, objects sent as JSON.
 */
export const events = {
  /**
   * AWS Lambda: API Gateway v1/v2, Function URL, ALB, SQS, SNS, S3, Kinesis, DynamoDB Streams, MSK and self-managed
   * Kafka, EventBridge schedules and events.
   */
  aws: {
    apiGatewayV1: awsEvents.apiGatewayV1,
    apiGatewayV2: awsEvents.apiGatewayV2,
    functionUrl: awsEvents.functionUrl,
    alb: awsEvents.alb,
    sqs: awsEvents.sqs,
    sns: awsEvents.sns,
    s3: awsEvents.s3,
    kinesis: awsStreams.kinesis,
    dynamodbStream: awsStreams.dynamodbStream,
    msk: awsStreams.msk,
    scheduled: awsEvents.scheduled,
    eventBridge: awsEvents.eventBridge,
  },
  /**
   * Alibaba Cloud Function Compute, as Buffers like FC delivers them: FC 3.0 HTTP, API Gateway, timers, OSS,
   * MNS topics (JSON and STREAM formats), MNS queues and Kafka through EventBridge; FC 2.0's `(req, resp)` pair.
   */
  aliyun: {
    httpV3: fcEvents.httpV3,
    apiGateway: fcEvents.apiGateway,
    httpV2: fcEvents.httpV2,
    timer: fcEvents.timer,
    oss: fcEvents.oss,
    mnsTopic: fcEvents.mnsTopic,
    mnsStream: fcEvents.mnsStream,
    mnsQueue: fcEvents.mnsQueue,
    kafka: fcEvents.kafka,
  },
  /** Tencent Cloud SCF: API Gateway, Function URL, timers, COS, CMQ and CKafka. */
  tencent: {
    apiGateway: scfEvents.apiGateway,
    functionUrl: scfEvents.functionUrl,
    timer: scfEvents.timer,
    cos: scfEvents.cos,
    cmq: scfEvents.cmq,
    ckafka: scfEvents.ckafka,
  },
  /**
   * Google Cloud Run functions, as the Functions Framework hands them over: the `(req, res)` pair of an HTTP call
   * (body already read into `rawBody`, `res` recording the answer), and CloudEvents for Pub/Sub, Cloud Storage and
   * any other type.
   */
  gcp: {
    http: gcpEvents.http,
    pubsub: gcpEvents.pubsub,
    storage: gcpEvents.storage,
    cloudEvent: gcpEvents.cloudEvent,
  },
  /**
   * Azure Functions (Node.js programming model v4): `HttpRequest` and `InvocationContext` look-alikes, and for every
   * other trigger an `AzureCall` (`{ input, context }`, the context naming the trigger) that `invoke()` takes whole:
   * timers, Blob Storage, Queue Storage, Service Bus queues and topics, Event Grid.
   */
  azure: {
    httpRequest: azureEvents.httpRequest,
    azureContext: azureEvents.azureContext,
    timer: azureEvents.timer,
    storageBlob: azureEvents.storageBlob,
    storageQueue: azureEvents.storageQueue,
    serviceBusQueue: azureEvents.serviceBusQueue,
    serviceBusTopic: azureEvents.serviceBusTopic,
    eventGrid: azureEvents.eventGrid,
  },
  /**
   * Huawei Cloud FunctionGraph: APIG requests, timers, OBS (OBS and S3-compatible formats), SMN and DMS for Kafka and
   * RocketMQ. FunctionGraph is recognised by its context: pass `mockContext('huawei')` (invoke() uses one when no
   * other cloud claims the event; a bare APIG event reads as a Lambda REST one).
   */
  huawei: {
    apig: huaweiEvents.apig,
    timer: huaweiEvents.timer,
    obs: huaweiEvents.obs,
    smn: huaweiEvents.smn,
    dms: huaweiEvents.dms,
  },
}

/**
 * A mock platform context with the provider's own field names and a live remaining-time countdown from
 * `timeoutMs` (default 3 000 ms, the platforms' default function timeout). Any other field given is set as it is.
 */
export function mockContext(provider: 'aws', overrides?: Partial<Context> & { timeoutMs?: number }): Context
export function mockContext(provider: 'aliyun', overrides?: FcContextInit): FcContext
export function mockContext(provider: 'tencent', overrides?: ScfContextInit): ScfContext
export function mockContext(provider: 'azure', overrides?: AzureContextInit): AzureContext
export function mockContext(provider: 'huawei', overrides?: HuaweiContextInit): HuaweiContext
export function mockContext(provider: ProviderName, overrides?: object): unknown
export function mockContext(provider: ProviderName, overrides?: object): unknown {
  return kit.mockContext(provider, overrides as Record<string, unknown>)
}

/**
 * Runs any entry function as the platform would, async or callback, and returns the raw platform result.
 * `context` defaults to a mock context of the provider whose adapters recognise the event (Lambda's when none
 * does); the time limit defaults to the context's remaining time. Rejects with the handler's own error, or
 * with `InvokeError` when the handler breaks the calling convention (see `InvokeProblem`). A streaming export
 * (`stream: true`, or a handler marked by `awslambda.streamifyResponse`) given a Lambda event runs as the Lambda
 * runtime runs it, and resolves to a `StreamedResponse`: the prelude, the body, and its chunks with their times.
 * An `AzureCall` from `events.azure.*` is taken whole: its input is the event, its context the context unless one
 * is given.
 */
export function invoke(
  handler: (event: any, context: any, callback: (error: unknown, result?: unknown) => void) => unknown,
  event: unknown,
  context?: unknown,
  options?: InvokeOptions,
): Promise<any> {
  return kit.invoke(handler, event, context, options)
}

/**
 * Sends one HTTP request through a trigger's real event shape, invokes the handler (async or callback) with a
 * mock context, and decodes the platform result: status, headers, every cookie, body bytes.
 */
export function request(handler: (...args: any[]) => unknown, init?: TestRequestInit): Promise<TestResponse> {
  return kit.request(handler, init)
}

/** Every HTTP trigger `request()` can use (optionally of one provider), to run one test across all of them. */
export function httpTriggers(provider?: ProviderName): HttpTriggerRef[] {
  return kit.httpTriggers(provider)
}
