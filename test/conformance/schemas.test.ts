import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as fc from '../../adapters/fc/factories.js'
import * as scf from '../../adapters/scf/factories.js'
import { schemas } from '../helpers/schemas.js'

// The FC and SCF schemas describe the public captures, and our factories produce exactly those shapes.

const shared = join(__dirname, '..', '..', '..', 'shared', 'fixtures')
const json = (bytes: Buffer) => JSON.parse(bytes.toString())

function expectValid(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }, value: unknown) {
  const result = schema.safeParse(value)
  expect(result.error?.issues ?? []).toEqual([])
}

describe('schemas for FC and SCF', () => {
  it.each([
    ['httpV3', () => json(fc.httpV3({ method: 'POST', path: '/x?a=1', body: 'b' }))],
    ['apiGateway', () => json(fc.apiGateway({ path: '/x?a=1&a=2' }))],
    ['timer', () => json(fc.timer())],
    ['oss', () => json(fc.oss({ key: 'a b' }))],
    ['mnsTopic', () => json(fc.mnsTopic({ message: 'm', attributes: { k: 'v' } }))],
    ['mnsStream', () => json(fc.mnsStream({ body: 'b' }))],
    ['cloudEvent', () => json(fc.mnsQueue({ body: 'b' }))],
    ['eventBridgeBatch', () => json(fc.kafka(['x']))],
  ] as const)('aliyun.%s accepts what the factory builds', (name, build) => {
    expectValid(schemas.aliyun[name], build())
  })

  it.each([
    ['apiGateway', () => scf.apiGateway({ method: 'POST', path: '/x?flag&a=1&a=2', body: 'b' })],
    ['functionUrl', () => scf.functionUrl({ path: '/x?a=1' })],
    ['timer', () => scf.timer()],
    ['cos', () => scf.cos({ key: 'a b' })],
    ['cmq', () => scf.cmq(['m'])],
    ['ckafka', () => scf.ckafka(['m'])],
  ] as const)('tencent.%s accepts what the factory builds', (name, build) => {
    expectValid(schemas.tencent[name], build())
  })

  const present = existsSync(shared)
  const captures: Array<[string, { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }]> = [
    ['fc-http-trigger-v3.json', schemas.aliyun.httpV3],
    ['fc-http-trigger-v3.doc-sample.json', schemas.aliyun.httpV3],
    ['fc-http-trigger-v3.escaped-path.json', schemas.aliyun.httpV3],
    ['fc-apigw.json', schemas.aliyun.apiGateway],
    ['fc-timer.json', schemas.aliyun.timer],
    ['fc-timer.go-sdk-readme.json', schemas.aliyun.timer],
    ['fc-oss.json', schemas.aliyun.oss],
    ['fc-oss.go-sdk-readme.json', schemas.aliyun.oss],
    ['fc-oss.fc3-cli-template.json', schemas.aliyun.oss],
    ['fc-mns-topic.json', schemas.aliyun.mnsTopic],
    ['fc-mns-topic-stream.json', schemas.aliyun.mnsStream],
    ['fc-mns-queue-eventbridge-cloudevent.json', schemas.aliyun.cloudEvent],
    ['fc-kafka-eventbridge-batch.json', schemas.aliyun.eventBridgeBatch],
    ['fc-sls.json', schemas.aliyun.sls],
    ['scf-apigw.json', schemas.tencent.apiGateway],
    ['scf-apigw.doc-sample.json', schemas.tencent.apiGateway],
    ['scf-function-url.doc-sample.json', schemas.tencent.functionUrl],
    ['scf-timer.json', schemas.tencent.timer],
    ['scf-timer.doc-sample.json', schemas.tencent.timer],
    ['scf-cos.json', schemas.tencent.cos],
    ['scf-cmq.json', schemas.tencent.cmq],
    ['scf-ckafka.json', schemas.tencent.ckafka],
  ]
  it.runIf(present).each(captures)('%s matches its schema', (file, schema) => {
    expectValid(schema, JSON.parse(readFileSync(join(shared, file), 'utf8')))
  })

  const owned: Array<[string, { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }]> = [
    ['fc-timer.json', schemas.aliyun.timer],
    ['fc-oss.json', schemas.aliyun.oss],
    ['fc-oss-eventbridge.json', schemas.aliyun.ossEventBridge],
    ['fc-oss-eventbridge.json', schemas.aliyun.cloudEvent],
    ['fc-mns-topic.json', schemas.aliyun.mnsTopic],
    ['fc-mns-topic-stream.json', schemas.aliyun.mnsStream],
    ['fc-mns-queue-eventbridge.json', schemas.aliyun.cloudEvent],
    ['fc-kafka-eventbridge-batch.json', schemas.aliyun.eventBridgeBatch],
    ['fc-rocketmq-eventbridge-stream.json', schemas.aliyun.eventBridgeBatch],
    ['fc-sls.json', schemas.aliyun.sls],
    ['scf-timer.json', schemas.tencent.timer],
    ['scf-cos.json', schemas.tencent.cos],
    ['scf-cmq.json', schemas.tencent.cmq],
    ['scf-ckafka.json', schemas.tencent.ckafka],
  ]
  it.each(owned)('project fixture %s matches its schema', (file, schema) => {
    expectValid(schema, JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', file), 'utf8')))
  })

  it('rejects the wrong shape, naming the field', () => {
    const result = schemas.tencent.apiGateway.safeParse({ ...scf.apiGateway(), queryString: { a: { nested: 1 } } })
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.path).toEqual(['queryString', 'a'])
  })
})
