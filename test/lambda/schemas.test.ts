import { describe, expect, it } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import * as streams from '../../adapters/lambda/stream-factories.js'
import { schemas } from '../helpers/schemas.js'

// The schemas describe the real shapes, and our own factories produce exactly those shapes.

describe('Lambda event schemas', () => {
  it.each([
    ['apiGatewayV1', () => aws.apiGatewayV1({ method: 'POST', path: '/x?a=1&a=2', body: { a: 1 }, cookies: { s: '1' } })],
    ['apiGatewayV2', () => aws.apiGatewayV2({ path: '/x?a=1', cookies: ['s=1'], body: new Uint8Array([1, 2]) })],
    ['functionUrl', () => aws.functionUrl({ path: '/x' })],
    ['alb', () => aws.alb({ path: '/x?a=%20' })],
    ['alb', () => aws.alb({ path: '/x?a=1&a=2', multiValue: true })],
    ['sqs', () => aws.sqs(['a', { body: { b: 1 }, attributes: { k: 'v' } }])],
    ['sns', () => aws.sns({ message: 'hi' })],
    ['s3', () => aws.s3({ key: 'a b.txt' })],
    ['s3', () => aws.s3({ key: 'gone', eventName: 'ObjectRemoved:Delete' })],
    ['scheduled', () => aws.scheduled()],
    ['scheduled', () => aws.scheduled({ source: 'aws.scheduler', detail: { x: 1 } })],
    ['eventBridge', () => aws.eventBridge({ source: 'app', detailType: 'Thing', detail: {} })],
    ['kinesis', () => streams.kinesis(['a', { data: new Uint8Array([0, 255]), partitionKey: 'p' }])],
    ['dynamodbStream', () => streams.dynamodbStream([{ keys: { id: 'a' }, newImage: { id: 'a', n: 1.5, tags: new Set(['x']), nested: { list: [true, null] } } }, { keys: { id: 'b' }, oldImage: { id: 'b' } }])],
    ['msk', () => streams.msk([{ value: 'v', key: 'k', headers: { h: 'x' } }, { value: null, topic: 'other', partition: 2 }])],
    ['selfManagedKafka', () => streams.msk(['v'], { selfManaged: true })],
  ] as const)('%s accepts what the factory builds', (name, build) => {
    const result = schemas.aws[name].safeParse(build())
    expect(result.error?.issues ?? []).toEqual([])
  })

  it('rejects what is not that shape, naming the field', () => {
    const event: Record<string, unknown> = { ...aws.apiGatewayV1(), httpMethod: 7 }
    const result = schemas.aws.apiGatewayV1.safeParse(event)
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.path).toEqual(['httpMethod'])
    expect(schemas.aws.sqs.safeParse({ Records: [] }).success).toBe(false)
    expect(schemas.aws.functionUrl.safeParse(aws.apiGatewayV2()).success).toBe(false)
  })
})
