import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as fcEvents from '../../adapters/fc/factories.js'
import { fcProviderWithEvents } from '../../adapters/fc/index.js'
import * as gcpEvents from '../../adapters/gcp/factories.js'
import { gcpProviderWithEvents } from '../../adapters/gcp/index.js'
import * as huaweiEvents from '../../adapters/huawei/factories.js'
import { huaweiProviderWithEvents } from '../../adapters/huawei/index.js'
import * as awsEvents from '../../adapters/lambda/factories.js'
import * as awsStreams from '../../adapters/lambda/stream-factories.js'
import { lambdaProviderWithEvents } from '../../adapters/lambda/index.js'
import * as scfEvents from '../../adapters/scf/factories.js'
import { scfProviderWithEvents } from '../../adapters/scf/index.js'
import * as azureCalls from '../../adapters/azure/factories.js'
import { azureProviderWithEvents } from '../../adapters/azure/index.js'
import { adapterName } from '../../src/model/index.js'
import { decodeBytesEvent } from '../../src/runtime/detect.js'

// Every adapter rejects every other trigger's event, look-alikes from other providers included, so that
// detection's first match is the only match. FunctionGraph's adapters claim an event only with a FunctionGraph
// context (getRequestID()): they are asked first, as in the all-clouds entry, and the context-blind adapters of
// other clouds that also take their look-alike events (Lambda REST for APIG, S3 for OBS's S3-compatible format) are
// listed per sample, after the Huawei adapter that detection picks.

// Azure's adapters, likewise asked first, claim calls by their InvocationContext (`options.trigger.type`) alone.
// Cloud Run functions' come last: the Functions Framework's (req, res) pair, and CloudEvents that arrive without
// a platform context, the specific types before the fallback that takes any other.
const adapters = [
  ...azureProviderWithEvents.adapters,
  ...huaweiProviderWithEvents.adapters,
  ...lambdaProviderWithEvents.adapters,
  ...fcProviderWithEvents.adapters,
  ...scfProviderWithEvents.adapters,
  ...gcpProviderWithEvents.adapters,
]
const gcpCall = gcpEvents.http({ method: 'POST', path: '/x?a=1', body: 'b' })
const fg = () => huaweiEvents.huaweiContext()
const fc2 = fcEvents.httpV2()
const azureSample = (call: azureCalls.AzureCall, lookAlikes?: string[]): [unknown, unknown, string[]?] => (lookAlikes ? [call.input, call.context, lookAlikes] : [call.input, call.context])

function withoutKey(event: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event }
  delete copy[key]
  return copy
}

/** Real-shaped events per trigger, as each platform delivers them (FC: Buffers, which the runtime parses first). */
const samples: Array<[expected: string, event: unknown, context?: unknown, lookAlikes?: string[]]> = [
  ['aws/apigw-v1', awsEvents.apiGatewayV1({ method: 'POST', path: '/x?a=1', body: 'b' })],
  ['aws/apigw-v2', awsEvents.apiGatewayV2({ path: '/x', cookies: ['a=1'] })],
  ['aws/function-url', awsEvents.functionUrl({ path: '/x' })],
  ['aws/alb', awsEvents.alb({ path: '/x' })],
  ['aws/alb', awsEvents.alb({ path: '/x', multiValue: true })],
  ['aws/sqs', awsEvents.sqs(['a'])],
  ['aws/sns', awsEvents.sns({ message: 'm' })],
  ['aws/s3', awsEvents.s3({ key: 'k' })],
  ['aws/kinesis', awsStreams.kinesis(['a'])],
  ['aws/dynamodb', awsStreams.dynamodbStream([{ keys: { id: 1 }, newImage: { id: 1 } }])],
  ['aws/kafka', awsStreams.msk(['a'])],
  ['aws/kafka', awsStreams.msk(['a'], { selfManaged: true })],
  ['aws/schedule', awsEvents.scheduled()],
  ['aws/eventbridge', awsEvents.eventBridge({ source: 's', detailType: 'd', detail: {} })],
  ['aliyun/http-v3', fcEvents.httpV3({ path: '/x' })],
  ['aliyun/apigw', fcEvents.apiGateway({ path: '/x' })],
  ['aliyun/http-v2', fc2.req, fc2.resp],
  ['tencent/apigw', scfEvents.apiGateway({ method: 'POST', path: '/x?flag&a=1&a=2', body: 'b' })],
  ['tencent/function-url', scfEvents.functionUrl({ path: '/x?a=1' })],
  ['tencent/function-url', withoutKey(scfEvents.functionUrl({ path: '/x' }), 'queryString')],
  ['huawei/apig', huaweiEvents.apig({ method: 'POST', path: '/x?a=1&a=2', body: 'b' }), fg(), ['aws/apigw-v1']],
  ['huawei/timer', huaweiEvents.timer({ triggerName: 't', userEvent: 'u' }), fg()],
  ['huawei/obs', huaweiEvents.obs({ key: 'k' }), fg()],
  ['huawei/obs', huaweiEvents.obs({ key: 'k', format: 's3' }), fg(), ['aws/s3']],
  ['huawei/smn', huaweiEvents.smn(['m']), fg()],
  ['huawei/dms', huaweiEvents.dms(['m']), fg()],
  ['huawei/dms', huaweiEvents.dms(['m'], { type: 'ROCKETMQ' }), fg()],
  ['azure/http', azureCalls.httpRequest({ method: 'POST', path: '/x?a=1', body: 'b' }), azureCalls.azureContext()],
  ['azure/timer', ...azureSample(azureCalls.timer())],
  ['azure/blob', ...azureSample(azureCalls.storageBlob({ name: 'k' }))],
  ['azure/storage-queue', ...azureSample(azureCalls.storageQueue('hello'))],
  ['azure/storage-queue', ...azureSample(azureCalls.storageQueue(awsEvents.s3({ key: 'k' })), ['aws/s3'])],
  ['azure/service-bus', ...azureSample(azureCalls.serviceBusQueue({ body: 'a' }))],
  ['azure/service-bus', ...azureSample(azureCalls.serviceBusTopic(['a', 'b'], { cardinality: 'many' }))],
  ['azure/event-grid', ...azureSample(azureCalls.eventGrid())],
  ['azure/event-grid', ...azureSample(azureCalls.eventGrid({ schema: 'cloudevents' }))],
  ['gcp/http', gcpCall.req, gcpCall.res],
  ['gcp/pubsub', gcpEvents.pubsub('m'), undefined, ['gcp/cloudevent']],
  ['gcp/storage', gcpEvents.storage({ name: 'k' }), undefined, ['gcp/cloudevent']],
  ['gcp/cloudevent', gcpEvents.cloudEvent({ type: 'google.cloud.audit.log.v1.written', data: {} })],
]

/** CloudEvents that come with another platform's context are never Cloud Run functions' (FC hands EventBridge envelopes over with its context). */
const notGcp: Array<[name: string, event: unknown, context: unknown]> = [
  ['a Pub/Sub CloudEvent with an FC context', gcpEvents.pubsub('m'), fcEvents.fcContext()],
  ['a CloudEvent with a Lambda context', gcpEvents.cloudEvent({ type: 'com.example.x' }), awsEvents.lambdaContext()],
  ['an Alibaba EventBridge envelope without a context', JSON.parse(fcEvents.mnsQueue({ body: 'm' }).toString()), undefined],
]

/** FunctionGraph's events without a FunctionGraph context: no Huawei adapter may claim them. */
const withoutContext: Array<[name: string, event: unknown, context?: unknown]> = [
  ['APIG', huaweiEvents.apig({ path: '/x' })],
  ['APIG with a Lambda context', huaweiEvents.apig({ path: '/x' }), awsEvents.lambdaContext()],
  ['timer', huaweiEvents.timer()],
  ['OBS', huaweiEvents.obs({ key: 'k' })],
  ['OBS (S3-compatible)', huaweiEvents.obs({ key: 'k', format: 's3' })],
  ['SMN', huaweiEvents.smn(['m'])],
  ['DMS', huaweiEvents.dms(['m'])],
]

/** Azure inputs without an InvocationContext (or with another cloud's): no Azure adapter may claim them. */
const withoutAzureContext: Array<[name: string, event: unknown, context?: unknown]> = [
  ['HTTP request', azureCalls.httpRequest({ path: '/x' })],
  ['HTTP request with a Lambda context', azureCalls.httpRequest({ path: '/x' }), awsEvents.lambdaContext()],
  ['HTTP request with a FunctionGraph context', azureCalls.httpRequest({ path: '/x' }), fg()],
  ['queue message with a context without options.trigger', 'hello', { invocationId: 'i', functionName: 'f' }],
  ['Event Grid event', azureCalls.eventGrid().input],
]

/** Look-alikes with a field missing: no adapter may claim them (better unrecognised than misread). */
const unclaimed: Array<[name: string, event: unknown]> = [
  ['FC API Gateway without queryParameters', withoutKey(fcEvents.apiGateway({ path: '/x' }), 'queryParameters')],
  ['Lambda REST without requestContext', withoutKey(awsEvents.apiGatewayV1({ path: '/x?a=1' }), 'requestContext')],
  // Inputs that carry a request but are not one to answer: they must not reach an HTTP handler.
  ['a REST API REQUEST authorizer input', { ...awsEvents.apiGatewayV1({ path: '/x' }), type: 'REQUEST', methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/x' }],
  ['an HTTP API REQUEST authorizer input', { ...awsEvents.apiGatewayV2({ path: '/x' }), type: 'REQUEST', routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/x', identitySource: ['x'] }],
  [
    'a VPC Lattice version 2.0 event',
    {
      version: '2.0',
      path: '/x',
      method: 'GET',
      headers: { host: ['svc.lattice.example'] },
      queryStringParameters: {},
      body: '',
      isBase64Encoded: false,
      requestContext: {
        serviceNetworkArn: 'arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-0bf3f2882e9cc805a',
        serviceArn: 'arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-0a40eebed65f8d69c',
        targetGroupArn: 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-6d0ecf831eec9f09',
        identity: { sourceVpcArn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0b8276c84697e7339' },
        region: 'us-east-1',
        timeEpoch: '1690497599177430',
      },
    },
  ],
]

/** What each public capture in ../shared/fixtures is (`null` would mark a shape faasport does not read). */
const fixtures: Record<string, string | null> = {
  'fc-http-trigger-v3.json': 'aliyun/http-v3',
  'fc-http-trigger-v3.doc-sample.json': 'aliyun/http-v3',
  'fc-http-trigger-v3.escaped-path.json': 'aliyun/http-v3',
  'fc-apigw.json': 'aliyun/apigw',
  'fc-timer.json': 'aliyun/timer',
  'fc-timer.go-sdk-readme.json': 'aliyun/timer',
  'fc-oss.json': 'aliyun/oss',
  'fc-oss.fc3-cli-template.json': 'aliyun/oss',
  'fc-oss.go-sdk-readme.json': 'aliyun/oss',
  'fc-sls.json': 'aliyun/sls',
  'fc-mns-topic.json': 'aliyun/mns-topic',
  'fc-mns-topic-stream.json': 'aliyun/mns-stream',
  'fc-mns-queue-eventbridge-cloudevent.json': 'aliyun/eventbridge',
  'fc-kafka-eventbridge-batch.json': 'aliyun/eventbridge-batch',
  'scf-apigw.json': 'tencent/apigw',
  'scf-apigw.doc-sample.json': 'tencent/apigw',
  'scf-function-url.doc-sample.json': 'tencent/function-url',
  'scf-timer.json': 'tencent/timer',
  'scf-timer.doc-sample.json': 'tencent/timer',
  'scf-cos.json': 'tencent/cos',
  'scf-cmq.json': 'tencent/cmq',
  'scf-ckafka.json': 'tencent/ckafka',
}

function claimants(event: unknown, context?: unknown): string[] {
  const decoded = event instanceof Uint8Array ? decodeBytesEvent(event) : event
  return adapters.filter((a) => a.matches(decoded, context)).map(adapterName)
}

describe('detection', () => {
  it.each(samples)('%s events are claimed by that adapter alone (first, before any listed look-alike)', (expected, event, context, lookAlikes) => {
    expect(claimants(event, context)).toEqual([expected, ...(lookAlikes ?? [])])
  })

  it.each(withoutContext)('a FunctionGraph %s event without a FunctionGraph context is claimed by no Huawei adapter', (_name, event, context) => {
    expect(claimants(event, context).filter((name) => name.startsWith('huawei/'))).toEqual([])
  })

  it.each(unclaimed)('%s is claimed by no adapter', (_name, event) => {
    expect(claimants(event)).toEqual([])
  })

  it.each(withoutAzureContext)('an Azure %s is claimed by no Azure adapter', (_name, event, context) => {
    expect(claimants(event, context).filter((name) => name.startsWith('azure/'))).toEqual([])
  })

  it.each(samples.filter(([name]) => !name.startsWith('azure/')))('%s events with an Azure context of another trigger are not claimed by Azure', (_expected, event) => {
    expect(claimants(event, azureCalls.azureContext({ trigger: 'cosmosDBTrigger' })).filter((name) => name.startsWith('azure/'))).toEqual([])
  })

  it.each(notGcp)('%s is claimed by no Cloud Run functions adapter', (_name, event, context) => {
    expect(claimants(event, context).filter((name) => name.startsWith('gcp/'))).toEqual([])
  })

  it('adapter names are unique', () => {
    const names = adapters.map(adapterName)
    expect(new Set(names).size).toBe(names.length)
  })

  const shared = join(__dirname, '..', '..', '..', 'shared', 'fixtures')
  const present = existsSync(shared)

  it.runIf(present)('every shared fixture is listed here, so a new capture cannot go unchecked', () => {
    const files = readdirSync(shared).filter((f) => f.endsWith('.json') && !f.includes('context'))
    expect(files.sort()).toEqual(Object.keys(fixtures).sort())
  })

  it.runIf(present).each(Object.entries(fixtures))('%s is claimed by %s and nothing else', (file, expected) => {
    const bytes = readFileSync(join(shared, file))
    expect(claimants(bytes)).toEqual(expected === null ? [] : [expected])
  })
})
