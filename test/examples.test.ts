import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import * as aws from '../adapters/lambda/factories.js'
import * as fc from '../adapters/fc/factories.js'
import { handler as fcHandler, initialize } from '../examples/fc-express/index.js'
import { handler as expressHandler } from '../examples/lambda-express/handler.js'
import { handler as plainHandler } from '../examples/plain-handler/handler.js'
import { chatHandler, handler as streamingHandler } from '../examples/lambda-stream/handler.js'
import { invoke, type StreamedResponse } from '../src/entries/testing.js'
import * as scf from '../adapters/scf/factories.js'
import { main_handler as scfHandler } from '../examples/scf-koa/index.js'
import { decodePlatformResult } from './helpers/platform-result.js'
import * as gcp from '../adapters/gcp/factories.js'
import * as huawei from '../adapters/huawei/factories.js'
import { HttpRequest as AzureHttpRequest, HttpResponse as AzureHttpResponse, InvocationContext } from '@azure/functions'
import { getTestServer } from '@google-cloud/functions-framework/testing'
import type { AddressInfo } from 'node:net'

// The examples are what users copy first: they must keep working.

/** Starts a web-function example as the platform would (PORT=0 picks a free port); resolves once it says where it listens. */
async function startWebFunction(args: string[], cwd?: string) {
  const server = spawn(process.execPath, args, { cwd, env: { ...process.env, PORT: '0' } })
  const url = await new Promise<string>((resolveUrl, reject) => {
    let text = ''
    server.stdout.setEncoding('utf8')
    server.stdout.on('data', (chunk: string) => {
      text += chunk
      const match = /listening on (http:\S+)/.exec(text)
      if (match) resolveUrl(match[1]!)
    })
    server.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code}: ${text}`)))
  })
  const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)))
  return { url, stop: () => (server.kill('SIGTERM'), exited) }
}

describe('examples', () => {
  it('plain-handler answers /hello on every Lambda trigger', async () => {
    for (const [trigger, event] of [
      ['aws/apigw-v1', aws.apiGatewayV1({ path: '/hello?name=Ada' })],
      ['aws/apigw-v2', aws.apiGatewayV2({ path: '/hello?name=Ada' })],
      ['aws/function-url', aws.functionUrl({ path: '/hello?name=Ada' })],
      ['aws/alb', aws.alb({ path: '/hello?name=Ada' })],
    ] as const) {
      const res = decodePlatformResult(trigger, await plainHandler(event, aws.lambdaContext()))
      expect(res.json()).toMatchObject({ message: 'Hello, Ada', provider: 'aws', trigger: trigger.slice(4) })
    }
  })

  it('lambda-express creates a user, logs in with two cookies and serves a PNG', async () => {
    const created = decodePlatformResult('aws/apigw-v2', await expressHandler(aws.apiGatewayV2({ method: 'POST', path: '/users', body: { name: 'Grace' } }), aws.lambdaContext()))
    expect(created.status).toBe(201)
    expect(created.headers['location']).toEqual([`/users/${created.json().id}`])
    const login = decodePlatformResult('aws/apigw-v1', await expressHandler(aws.apiGatewayV1({ method: 'POST', path: '/login' }), aws.lambdaContext()))
    expect(login.cookies.map((c) => c.split('=')[0])).toEqual(['session', 'theme'])
    const png = decodePlatformResult('aws/function-url', await expressHandler(aws.functionUrl({ path: '/pixel.png' }), aws.lambdaContext()))
    expect(png.isBase64Encoded).toBe(true)
    expect(png.body.subarray(1, 4).toString()).toBe('PNG')
  })

  it('lambda-stream streams its SSE events, CSV download and chat tokens through a Function URL', async () => {
    const sse = (await invoke(streamingHandler, aws.functionUrl({ path: '/events?interval=1' }))) as StreamedResponse
    expect(sse.prelude).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/event-stream' } })
    expect(sse.chunks.map((c) => c.data.toString().split('\n')[0])).toEqual([...Array(5).fill('event: tick'), 'event: done'])
    const csv = (await invoke(streamingHandler, aws.apiGatewayV1({ path: '/report.csv?rows=5000' }))) as StreamedResponse
    expect(csv.prelude).toMatchObject({ statusCode: 200, headers: { 'content-disposition': 'attachment; filename=report.csv' } })
    expect(csv.body.toString().trim().split('\n')).toHaveLength(5001)
    expect(csv.chunks.length).toBeGreaterThan(1)
    const chat = (await invoke(chatHandler, aws.functionUrl({ path: '/chat?q=hi&delay=0' }))) as StreamedResponse
    expect(chat.body.toString()).toContain('event: token\ndata: Streaming \n\n')
    expect(chat.body.toString().endsWith('event: done\ndata: \n\n')).toBe(true)
  })

  it('lambda-stream deploys Function URLs in RESPONSE_STREAM mode and a REST API integration that streams', () => {
    const yaml = readFileSync(join(__dirname, '..', 'examples', 'lambda-stream', 'template.yaml'), 'utf8')
    expect(yaml.match(/InvokeMode: RESPONSE_STREAM/g)).toHaveLength(2)
    expect(yaml).toContain('responseTransferMode: STREAM')
    expect(yaml).toContain('/2021-11-15/functions/${EventsFunction.Arn}/response-streaming-invocations')
    expect(yaml).toMatch(/Handler: handler\.handler\b/)
    expect(yaml).toMatch(/Handler: handler\.chatHandler\b/)
  })

  it('fc-express answers FC 3.0, API Gateway and FC 2.0 requests, and initializes', async () => {
    await initialize(fc.fcContext())
    const v3 = decodePlatformResult('aliyun/http-v3', await fcHandler(fc.httpV3({ path: '/hello?name=Ada' }), fc.fcContext()))
    expect(v3.json()).toMatchObject({ hello: 'Ada' })
    const gw = decodePlatformResult('aliyun/apigw', await fcHandler(fc.apiGateway({ method: 'POST', path: '/orders', body: { items: [1, 2, 3] } }), fc.fcContext()))
    expect([gw.status, gw.json().items]).toEqual([201, 3])
    const { req, resp } = fc.httpV2({ path: '/report.pdf' })
    await fcHandler(req, resp, fc.fcContext())
    expect(resp.recorded.body!.subarray(0, 5).toString()).toBe('%PDF-')
    // Runtimes that read the body first hand it over as req.body.
    const read = fc.httpV2({ method: 'POST', path: '/orders', body: { items: [1] }, bodyRead: true })
    await fcHandler(read.req, read.resp, fc.fcContext())
    expect([read.resp.recorded.statusCode, JSON.parse(read.resp.recorded.body!.toString())]).toEqual([201, { id: 'ord_1', items: 1 }])
  })

  it('fc-express deploys an HTTP trigger that accepts every method FC supports', () => {
    const yaml = readFileSync(join(__dirname, '..', 'examples', 'fc-express', 's.yaml'), 'utf8')
    const methods = /^\s*methods:\s*\[([^\]]*)\]/m.exec(yaml)?.[1]?.split(',').map((m) => m.trim())
    expect(methods?.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'])
  })

  it('scf-koa answers API Gateway and Function URL requests, with both cookies', async () => {
    const hello = decodePlatformResult('tencent/apigw', await scfHandler(scf.apiGateway({ path: '/hello?name=Ada&debug' }), scf.scfContext()))
    expect(hello.json()).toEqual({ hello: 'Ada', flags: ['name', 'debug'] })
    const created = decodePlatformResult('tencent/function-url', await scfHandler(scf.functionUrl({ method: 'POST', path: '/items', body: { name: 'tea' } }), scf.scfContext()))
    expect([created.status, created.json()]).toEqual([201, { created: 'tea' }])
    const session = decodePlatformResult('tencent/apigw', await scfHandler(scf.apiGateway({ path: '/session' }), scf.scfContext()))
    expect(session.cookies.map((c) => c.split('=')[0])).toEqual(['sid', 'lang'])
  })

  it('scf-koa builds what both serverless.yml files deploy, and the web function serves and stops on SIGTERM', async () => {
    const root = resolve(__dirname, '..')
    const example = join(root, 'examples', 'scf-koa')
    const out = mkdtempSync(join(tmpdir(), 'faasport-scf-koa-'))
    try {
      execFileSync(process.execPath, [join(example, 'build.mjs'), out], { cwd: root })
      // The deploy files point at the build's folders; the web function is `type: web`, without a handler.
      expect(readFileSync(join(example, 'serverless.yml'), 'utf8')).toMatch(/^\s+src: \.\/dist\/event\n[\s\S]*^\s+handler: index\.main_handler$/m)
      const web = readFileSync(join(example, 'web', 'serverless.yml'), 'utf8')
      expect(web).toMatch(/^\s+type: web$/m)
      expect(web).toMatch(/^\s+src: \.\.\/dist\/web$/m)
      expect(web).not.toMatch(/handler:/)
      // scf_bootstrap: executable, LF line ends, starting the built server with the runtime's node.
      const bootstrap = join(out, 'web', 'scf_bootstrap')
      expect(statSync(bootstrap).mode & 0o111).toBe(0o111)
      const script = readFileSync(bootstrap, 'utf8')
      expect(script.startsWith('#!/bin/bash\n')).toBe(true)
      expect(script).not.toContain('\r')
      expect(script).toContain('exec /var/lang/node18/bin/node "$(dirname "$0")/web.js"')
      expect(web).toContain('runtime: Nodejs18.15')

      const { main_handler } = createRequire(import.meta.url)(join(out, 'event', 'index.js')) as { main_handler: typeof scfHandler }
      const hello = decodePlatformResult('tencent/apigw', await main_handler(scf.apiGateway({ path: '/hello?name=Ada' }), scf.scfContext()))
      expect(hello.json()).toEqual({ hello: 'Ada', flags: ['name'] })

      const server = await startWebFunction([join(out, 'web', 'web.js')])
      const res = await fetch(`${server.url}/hello?name=Web&debug`, { headers: { 'x-scf-request-id': 'web-1' } })
      expect(await res.json()).toEqual({ hello: 'Web', flags: ['name', 'debug'] })
      expect(await server.stop()).toBe(0)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 60_000)

  it('gcp-functions serves its Express app under the real Functions Framework, SSE streamed, and its worker reads Pub/Sub', async () => {
    const { api, worker } = await import('../examples/gcp-functions/index.js')
    const server = getTestServer('api')
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      expect(await (await fetch(`${url}/hello?name=Ada&tag=a&tag=b`)).json()).toEqual({ hello: 'Ada', tags: ['a', 'b'] })
      const order = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"items":[1,2]}' })
      expect([order.status, await order.json()]).toEqual([201, { id: 'ord_1', items: 2 }])
      expect(order.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['last-order', 'cart'])
      const events = await fetch(`${url}/events`)
      expect(events.headers.get('transfer-encoding')).toBe('chunked')
      expect(await events.text()).toBe('event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\nevent: tick\ndata: 3\n\nevent: done\ndata: \n\n')
    } finally {
      await new Promise((r) => server.close(r))
    }
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'gcp-functions', 'package.json'), 'utf8'))
    expect(pkg.scripts.start).toBe('functions-framework --target=api')
    expect(typeof api).toBe('function')
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    await invoke(worker, gcp.pubsub({ data: 'hi', messageId: 'm1', topic: 'orders' }))
    await invoke(worker, gcp.storage({ bucket: 'uploads', name: 'a.txt', size: 3 }))
    expect(log.mock.calls.map((c) => c.join(' '))).toEqual(['message m1 on orders: hi', 'created gs://uploads/a.txt (3 bytes)'])
    log.mockRestore()
  })

  it('azure-functions answers real @azure/functions requests with every cookie, registers its three functions, and routes without a prefix', async () => {
    const { httpHandler, worker } = await import('../examples/azure-functions/functions.js')
    const context = () => new InvocationContext({ invocationId: 'inv-1', functionName: 'api', options: { trigger: { type: 'httpTrigger', name: 'request' }, extraInputs: [], extraOutputs: [] } })
    const hello = new AzureHttpResponse(await httpHandler(new AzureHttpRequest({ method: 'GET', url: 'https://my-app.azurewebsites.net/hello?name=Ada&tag=a&tag=b' }), context()))
    expect(await hello.json()).toEqual({ hello: 'Ada', tags: ['a', 'b'] })
    const order = new AzureHttpResponse(
      await httpHandler(new AzureHttpRequest({ method: 'POST', url: 'https://my-app.azurewebsites.net/orders', headers: { 'content-type': 'application/json' }, body: { string: '{"items":[1,2]}' } }), context()),
    )
    expect([order.status, await order.json()]).toEqual([201, { id: 'ord_1', items: 2 }])
    expect(order.cookies.map((c) => [c.name, c.value])).toEqual([['last-order', 'ord_1'], ['cart', '']])
    const png = new AzureHttpResponse(await httpHandler(new AzureHttpRequest({ method: 'GET', url: 'https://my-app.azurewebsites.net/logo.png' }), context()))
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG')
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const queueContext = new InvocationContext({ invocationId: 'inv-2', functionName: 'orders', options: { trigger: { type: 'queueTrigger', name: 'message', queueName: 'orders' }, extraInputs: [], extraOutputs: [] }, triggerMetadata: { id: 'm-1', dequeueCount: 1 } })
    await worker({ id: 'o1' }, queueContext)
    expect(log.mock.calls[0]?.join(' ')).toBe('order o1 from orders (dequeued 1 times)')
    log.mockRestore()
    // Outside the host, @azure/functions says which registrations it skipped.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await import('../examples/azure-functions/index.js')
    expect(warn.mock.calls.flatMap((c) => /register function "(\w+)"/.exec(String(c[0]))?.[1] ?? [])).toEqual(['api', 'nightly', 'orders'])
    warn.mockRestore()
    const host = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'azure-functions', 'host.json'), 'utf8'))
    expect(host.extensions.http.routePrefix).toBe('')
  })

  it('huawei-functiongraph answers APIG events with a FunctionGraph context, and runs as an HTTP function on its port', async () => {
    const { handler } = await import('../examples/huawei-functiongraph/index.js')
    const hello = decodePlatformResult('huawei/apig', await handler(huawei.apig({ path: '/hello?name=Ada&tag=a&tag=b' }), huawei.huaweiContext()))
    expect(hello.json()).toEqual({ hello: 'Ada', tags: ['a', 'b'] })
    const png = decodePlatformResult('huawei/apig', await handler(huawei.apig({ path: '/logo.png' }), huawei.huaweiContext()))
    expect([png.isBase64Encoded, png.body.subarray(1, 4).toString()]).toEqual([true, 'PNG'])
    const dir = join(__dirname, '..', 'examples', 'huawei-functiongraph')
    expect(readFileSync(join(dir, 'bootstrap'), 'utf8')).toMatch(/^\/opt\/function\/runtime\/nodejs[\d.]+\/rtsp\/nodejs\/bin\/node \$RUNTIME_CODE_ROOT\/web\.js\n$/)
    expect(readFileSync(join(dir, 'serverless.yml'), 'utf8')).toMatch(/^\s+handler: dist\/index\.handler$/m)
    const root = resolve(__dirname, '..')
    const web = await startWebFunction([join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(dir, 'web.ts')], root)
    const res = await fetch(`${web.url}/hello?name=Web`, { headers: { 'x-cff-request-id': 'fg-1' } })
    expect(await res.json()).toEqual({ hello: 'Web', tags: [] })
    expect(await web.stop()).toBe(0)
  }, 60_000)

  it('events: the same worker on every cloud, partial batch failures on SQS', async () => {
    const { handler: worker } = await import('../examples/events/worker.js')
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await worker(fc.oss({ bucket: 'b', key: 'k.txt', size: 3 }), fc.fcContext())
    await worker(scf.timer({ triggerName: 't', time: '2026-01-01T00:00:00Z' }), scf.scfContext())
    expect(log.mock.calls.map((c) => c.join(' '))).toEqual(['created b/k.txt (3 bytes)', '[tencent] t fired at 2026-01-01T00:00:00Z '])
    const result = await worker(aws.sqs([{ body: { id: 'a', amount: 1 }, messageId: 'ok' }, { body: { id: 'b', amount: -1 }, messageId: 'bad' }]), aws.lambdaContext())
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] })
    vi.restoreAllMocks()
  })

  it('npm run demo prints what each gateway receives', () => {
    const root = resolve(__dirname, '..')
    const out = execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    expect(out).toContain('AWS API Gateway REST (v1) receives')
    expect(out).toContain('"cookies":["session=opaque-token')
    expect(out).toContain('"isBase64Encoded":true')
    expect(out).toContain('Alibaba FC 3.0 HTTP trigger (Buffer event) receives')
    // FC 2.0 answers through resp: the demo prints what reached it, for the plain handler and for Express.
    expect(out).toContain('Alibaba FC 2.0 HTTP function: its resp receives\n      {"setStatusCode":200,"setHeader":{"content-type":"application/json; charset=utf-8"},"send":"{\\"message\\":\\"Hello, Ada\\",\\"provider\\":\\"aliyun\\",\\"trigger\\":\\"http-v2\\"')
    expect(out).toMatch(/Alibaba FC 2\.0 HTTP function: its resp receives\n {6}\{"setStatusCode":201,"setHeader":\{"x-powered-by":"Express".*"send":"\{\\"id\\":\\"ord_1\\",\\"items\\":2\}"\}/)
    expect(out).toContain('Tencent API Gateway -> SCF receives')
    expect(out).toContain('returns {"batchItemFailures":[{"itemIdentifier":"m2"}]}')
    // One worker, the same upload on three clouds: the same bucket and key each time.
    expect(out).toContain('Google Cloud Run functions (Functions Framework): its res receives')
    expect(out).toContain('Azure Functions (v4) app.http: its HttpResponseInit receives')
    expect(out).toContain('Huawei APIG -> FunctionGraph receives')
    for (const provider of ['aws', 'aliyun', 'tencent', 'gcp', 'azure', 'huawei']) expect(out).toContain(`\\"message\\":\\"Hello, Ada\\",\\"provider\\":\\"${provider}\\"`)
    for (const cloud of ['AWS S3', 'Alibaba OSS', 'Tencent COS', 'Google Cloud Storage', 'Azure Blob Storage', 'Huawei OBS']) {
      expect(out).toContain(`${cloud} upload\n    worker: created uploads/photos/summer 2026.jpg (52000 bytes)`)
    }
  }, 60_000)
})
