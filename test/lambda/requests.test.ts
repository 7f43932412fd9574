import type { APIGatewayProxyEvent } from 'aws-lambda'
import express from 'express'
import { describe, expect, it } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { handle, serve, type HandleOptions } from '../../src/index.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

// How the Lambda HTTP adapters read the parts of a request that depend on where it came from: the client
// address behind ALB, and the stage in front of the path.

const context = () => aws.lambdaContext()

async function seen(event: unknown, trigger: string, options?: HandleOptions) {
  const entry = handle((req) => ({ path: req.path, ip: req.sourceIp ?? null }), options)
  return decodePlatformResult(trigger, await entry(event, context())).json() as { path: string; ip: string | null }
}

describe('the client address behind ALB', () => {
  // ALB (append mode, the default) appends the client it sees to whatever X-Forwarded-For the client sent.
  it('is the last X-Forwarded-For entry, not a forged first one', async () => {
    const forged = aws.alb({ headers: { 'X-Forwarded-For': '10.0.0.1, 203.0.113.7' } })
    expect((await seen(forged, 'aws/alb')).ip).toBe('203.0.113.7')
    expect((await seen(aws.alb({ sourceIp: '198.51.100.4' }), 'aws/alb')).ip).toBe('198.51.100.4')
  })

  it('is the last item of the last value when the header arrives more than once (multi-value target groups)', async () => {
    const event = aws.alb({ multiValue: true, headers: { 'X-Forwarded-For': ['10.0.0.1', '10.0.0.2,203.0.113.8 '] } })
    expect((await seen(event, 'aws/alb')).ip).toBe('203.0.113.8')
  })

  it('is undefined when there is no address to read', async () => {
    for (const value of ['', ' , ']) expect((await seen(aws.alb({ headers: { 'X-Forwarded-For': value } }), 'aws/alb')).ip).toBeNull()
  })

  it('is what Express sees as req.ip', async () => {
    const app = express()
    app.get('/', (req, res) => res.send(req.ip))
    const result = await serve(app)(aws.alb({ headers: { 'X-Forwarded-For': '10.0.0.1, 203.0.113.7' } }), context())
    expect(decodePlatformResult('aws/alb', result).text()).toBe('203.0.113.7')
  })
})

/** An HTTP API (payload format 1.0) event, shaped as the API Gateway documentation's sample. */
function httpApiV1(path: string, stage: string, domainName: string): APIGatewayProxyEvent {
  return {
    version: '1.0',
    resource: '/test',
    path,
    httpMethod: 'GET',
    headers: { host: domainName, 'x-forwarded-for': '192.0.2.1' },
    multiValueHeaders: { host: [domainName], 'x-forwarded-for': ['192.0.2.1'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'id',
      authorizer: undefined,
      domainName,
      domainPrefix: 'id',
      extendedRequestId: 'id',
      httpMethod: 'GET',
      identity: { sourceIp: '192.0.2.1', userAgent: 'curl' } as APIGatewayProxyEvent['requestContext']['identity'],
      path,
      protocol: 'HTTP/1.1',
      requestId: 'id=',
      requestTime: '04/Mar/2020:19:15:17 +0000',
      requestTimeEpoch: 1583349317135,
      resourceId: null as unknown as string,
      resourcePath: '/test',
      stage,
    },
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
  } as APIGatewayProxyEvent
}

function onDomain<T extends { rawPath: string; requestContext: { domainName: string; http: { path: string } } }>(event: T, domainName: string, rawPath: string): T {
  event.rawPath = rawPath
  event.requestContext.domainName = domainName
  event.requestContext.http.path = rawPath
  return event
}

describe('the stage in front of the path', () => {
  const execute = 'abc123.execute-api.us-east-1.amazonaws.com'

  it('HTTP API payload 2.0: a named stage is stripped on the execute-api domain, also in China regions', async () => {
    expect((await seen(aws.apiGatewayV2({ path: '/users', stage: 'dev' }), 'aws/apigw-v2')).path).toBe('/users')
    const cn = onDomain(aws.apiGatewayV2({ stage: 'dev' }), 'abc123.execute-api.cn-north-1.amazonaws.com.cn', '/dev/users')
    expect((await seen(cn, 'aws/apigw-v2')).path).toBe('/users')
    expect((await seen(onDomain(aws.apiGatewayV2({ stage: 'dev' }), execute, '/dev'), 'aws/apigw-v2')).path).toBe('/')
  })

  it('HTTP API payload 2.0 behind a custom domain: the path carries no stage and is left alone', async () => {
    // A stage named v1 must not eat the /v1 of a /v1/users route.
    const custom = onDomain(aws.apiGatewayV2({ stage: 'v1' }), 'api.example.com', '/v1/users')
    expect((await seen(custom, 'aws/apigw-v2')).path).toBe('/v1/users')
  })

  it('only a whole leading segment is a stage', async () => {
    const event = onDomain(aws.apiGatewayV2({ stage: 'dev' }), execute, '/development/x')
    expect((await seen(event, 'aws/apigw-v2')).path).toBe('/development/x')
  })

  it('HTTP API payload 1.0: a named stage is stripped on the execute-api domain, not behind a custom domain', async () => {
    expect(await seen(httpApiV1('/dev/test', 'dev', execute), 'aws/apigw-v1')).toEqual({ path: '/test', ip: '192.0.2.1' })
    expect((await seen(httpApiV1('/v1/test', 'v1', 'api.example.com'), 'aws/apigw-v1')).path).toBe('/v1/test')
    expect((await seen(httpApiV1('/test', '$default', execute), 'aws/apigw-v1')).path).toBe('/test')
  })

  it('REST APIs deliver the path without the stage, so a route that starts like the stage is kept', async () => {
    expect((await seen(aws.apiGatewayV1({ path: '/prod/report', stage: 'prod' }), 'aws/apigw-v1')).path).toBe('/prod/report')
  })

  it('stripStage: false keeps the stage', async () => {
    expect((await seen(aws.apiGatewayV2({ path: '/users', stage: 'dev' }), 'aws/apigw-v2', { stripStage: false })).path).toBe('/dev/users')
    expect((await seen(httpApiV1('/dev/test', 'dev', execute), 'aws/apigw-v1', { stripStage: false })).path).toBe('/dev/test')
  })
})

describe('a path with an encoded percent sign (a file named a%20b.txt)', () => {
  // The client sends /files/a%2520b.txt. HTTP APIs hand the path over decoded once (/files/a%20b.txt), so that
  // `%` is a literal one; REST APIs and Function URLs hand it over as sent.
  const sent = '/files/a%2520b.txt'

  it('is decoded exactly once, whichever trigger carried it', async () => {
    expect((await seen(aws.apiGatewayV2({ path: sent }), 'aws/apigw-v2')).path).toBe(sent)
    expect((await seen(aws.functionUrl({ path: sent }), 'aws/function-url')).path).toBe(sent)
    expect((await seen(aws.apiGatewayV1({ path: sent }), 'aws/apigw-v1')).path).toBe(sent)
    expect((await seen(httpApiV1('/files/a%20b.txt', '$default', 'abc123.execute-api.us-east-1.amazonaws.com'), 'aws/apigw-v1')).path).toBe(sent)
  })

  it('reaches an Express route as the name the client meant', async () => {
    const app = express()
    app.get('/files/:name', (req, res) => res.send(req.params.name))
    const res = decodePlatformResult('aws/apigw-v2', await serve(app)(aws.apiGatewayV2({ path: sent }), context()))
    expect(res.text()).toBe('a%20b.txt')
  })
})

describe('REST API events whose single- and multi-value maps disagree', () => {
  // API Gateway keeps them in step; the console's test tool and hand-edited events may not.
  it('keeps headers and query keys that only the single-value map has, without doubling shared ones', async () => {
    const event = aws.apiGatewayV1({ path: '/x' }) as APIGatewayProxyEvent
    event.headers = { 'X-A': '1', 'X-Only-Single': 'kept', 'x-b': 'shared' }
    event.multiValueHeaders = { 'X-A': ['1', '2'], 'X-B': ['shared'] }
    event.queryStringParameters = { q: '2', only: 'single' }
    event.multiValueQueryStringParameters = { q: ['1', '2'] }
    const entry = handle((req) => ({ a: req.headers['x-a'], single: req.headers['x-only-single'], b: req.headers['x-b'], query: req.query }))
    expect(decodePlatformResult('aws/apigw-v1', await entry(event, context())).json()).toEqual({
      a: ['1', '2'],
      single: 'kept',
      b: 'shared',
      query: { q: ['1', '2'], only: 'single' },
    })
  })

  it('still names a bad value in the single-value map', async () => {
    const event = aws.apiGatewayV1({ path: '/x' }) as APIGatewayProxyEvent
    event.headers = { 'x-bad': 42 as never }
    event.multiValueHeaders = { 'x-a': ['1'] }
    const result = decodePlatformResult('aws/apigw-v1', await handle((req) => req.headers)(event, context()))
    expect([result.status, result.json().message]).toEqual([400, 'Invalid aws/apigw-v1 event: headers.x-bad must be a string, got number'])
  })
})
