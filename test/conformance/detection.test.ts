import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as fcEvents from '../../adapters/fc/factories.js'
import { fcProviderWithEvents } from '../../adapters/fc/index.js'
import * as awsEvents from '../../adapters/lambda/factories.js'
import * as awsStreams from '../../adapters/lambda/stream-factories.js'
import { lambdaProviderWithEvents } from '../../adapters/lambda/index.js'
import * as scfEvents from '../../adapters/scf/factories.js'
import { scfProviderWithEvents } from '../../adapters/scf/index.js'
import { adapterName } from '../../src/model/index.js'
import { decodeBytesEvent } from '../../src/runtime/detect.js'

// Every adapter rejects every other trigger's event, look-alikes from other providers included, so that
// detection's first match is the only match.

const adapters = [...lambdaProviderWithEvents.adapters, ...fcProviderWithEvents.adapters, ...scfProviderWithEvents.adapters]
const fc2 = fcEvents.httpV2()

function withoutKey(event: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event }
  delete copy[key]
  return copy
}

/** Real-shaped events per trigger, as each platform delivers them (FC: Buffers, which the runtime parses first). */
const samples: Array<[expected: string, event: unknown, context?: unknown]> = [
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
  it.each(samples)('%s events are claimed by that adapter alone', (expected, event, context) => {
    expect(claimants(event, context)).toEqual([expected])
  })

  it.each(unclaimed)('%s is claimed by no adapter', (_name, event) => {
    expect(claimants(event)).toEqual([])
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
