// `npm run demo`: runs the example handlers locally against real-shaped events of every supported cloud (Lambda,
// FC, SCF, Cloud Run functions, Azure Functions, FunctionGraph) and prints what each gateway receives back,
// streamed answers chunk by chunk. No cloud account, no network.
import * as azure from '../adapters/azure/factories.js'
import * as fc from '../adapters/fc/factories.js'
import * as gcp from '../adapters/gcp/factories.js'
import * as huawei from '../adapters/huawei/factories.js'
import * as aws from '../adapters/lambda/factories.js'
import * as scf from '../adapters/scf/factories.js'
import type { HttpEventInit } from '../src/model/event-init.js'
import { invoke, type StreamedResponse } from '../src/entries/testing.js'
import { httpHandler as azureHttpHandler } from './azure-functions/functions.js'
import { handler as worker } from './events/worker.js'
import { handler as fcExpressHandler } from './fc-express/index.js'
import { api as gcpApi } from './gcp-functions/index.js'
import { handler as expressHandler } from './lambda-express/handler.js'
import { chatHandler, handler as streamingHandler } from './lambda-stream/handler.js'
import { handler as huaweiKoaHandler } from './huawei-functiongraph/index.js'
import { handler as plainHandler } from './plain-handler/handler.js'
import { main_handler as scfKoaHandler } from './scf-koa/index.js'

type Entry = (event: unknown, context?: unknown, third?: object) => Promise<unknown>

interface Gateway {
  label: string
  /** Calls the entry the way the platform does and returns what the gateway receives. */
  call(entry: Entry, init: HttpEventInit): Promise<unknown>
}

/** A gateway that calls `entry(event, context)` and receives its return value. */
function eventGateway(label: string, event: (init: HttpEventInit) => unknown, context: () => unknown): Gateway {
  return { label, call: (entry, init) => entry(event(init), context()) }
}

const lambdaGateways: Gateway[] = [
  eventGateway('AWS API Gateway REST (v1)', aws.apiGatewayV1, () => aws.lambdaContext()),
  eventGateway('AWS API Gateway HTTP API (v2)', aws.apiGatewayV2, () => aws.lambdaContext()),
  eventGateway('AWS Lambda Function URL', aws.functionUrl, () => aws.lambdaContext()),
  eventGateway('AWS ALB (multi-value headers)', (i) => aws.alb({ ...i, multiValue: true }), () => aws.lambdaContext()),
]

/** FC 2.0 calls `entry(req, resp, context)`; the answer is what reaches `resp`, recorded call by call. */
const fc2Gateway: Gateway = {
  label: 'Alibaba FC 2.0 HTTP function: its resp',
  async call(entry, init) {
    const { req, resp } = fc.httpV2(init)
    await entry(req, resp, fc.fcContext())
    const { statusCode, headers, body } = await resp.sent
    const type = String(headers['content-type'] ?? '')
    const shown = body === undefined ? '' : /^(text\/|application\/json)/.test(type) ? body.toString('utf8') : `<${body.length} bytes>`
    return { setStatusCode: statusCode, setHeader: headers, send: shown }
  },
}

const fcGateways: Gateway[] = [
  eventGateway('Alibaba FC 3.0 HTTP trigger (Buffer event)', fc.httpV3, () => fc.fcContext()),
  eventGateway('Alibaba API Gateway -> FC', fc.apiGateway, () => fc.fcContext()),
  fc2Gateway,
]

const scfGateways: Gateway[] = [
  eventGateway('Tencent API Gateway -> SCF', scf.apiGateway, () => scf.scfContext()),
  eventGateway('Tencent SCF Function URL', scf.functionUrl, () => scf.scfContext()),
]

/** Cloud Run functions call `entry(req, res)` with the Functions Framework's Express pair; the answer is what reaches `res`. */
const gcpGateway: Gateway = {
  label: 'Google Cloud Run functions (Functions Framework): its res',
  async call(entry, init) {
    const { req, res } = gcp.http(init)
    await entry(req, res)
    const { statusCode, headers, body, chunks } = await res.finished
    const type = String(headers['content-type'] ?? '')
    const shown = /^(text\/|application\/json)/.test(type) ? body.toString('utf8') : `<${body.length} bytes>`
    return { statusCode, headers, body: shown, ...(chunks.length > 1 ? { writes: chunks.length } : {}) }
  },
}

/** Azure Functions v4 calls `entry(request, context)` and takes the `HttpResponseInit` it returns. */
const azureGateway: Gateway = {
  label: 'Azure Functions (v4) app.http: its HttpResponseInit',
  async call(entry, init) {
    const result = (await entry(azure.httpRequest(init), azure.azureContext())) as { body?: Uint8Array } & Record<string, unknown>
    const body = result.body === undefined ? undefined : Buffer.from(result.body)
    const type = String((result.headers as Record<string, string> | undefined)?.['content-type'] ?? '')
    return { ...result, body: body === undefined ? undefined : /^(text\/|application\/json)/.test(type) ? body.toString('utf8') : `<${body.length} bytes>` }
  },
}

const huaweiGateway = eventGateway('Huawei APIG -> FunctionGraph', huawei.apig, () => huawei.huaweiContext())

interface Scenario {
  title: string
  entry: Entry
  gateways: Gateway[]
  requests: HttpEventInit[]
}

const scenarios: Scenario[] = [
  {
    title: 'examples/plain-handler — handle(): a plain function, no framework',
    entry: plainHandler,
    gateways: [...lambdaGateways, ...fcGateways, ...scfGateways, gcpGateway, azureGateway, huaweiGateway],
    requests: [{ path: '/hello?name=Ada' }, { method: 'POST', path: '/echo', body: 'ping', headers: { 'content-type': 'text/plain' } }],
  },
  {
    title: 'examples/lambda-express — serve(): an unchanged Express 5 app',
    entry: expressHandler,
    gateways: lambdaGateways,
    requests: [{ path: '/users/1' }, { method: 'POST', path: '/login' }, { path: '/pixel.png' }],
  },
  {
    title: 'examples/fc-express — serve() from faasport/fc: Express on Function Compute',
    entry: fcExpressHandler,
    gateways: fcGateways,
    requests: [{ path: '/hello?name=FC' }, { method: 'POST', path: '/orders', body: { items: [1, 2] } }, { path: '/report.pdf' }],
  },
  {
    title: 'examples/scf-koa — serve() from faasport/scf: Koa on SCF (a bare ?flag arrives as true)',
    entry: scfKoaHandler,
    gateways: scfGateways,
    requests: [{ path: '/hello?name=SCF&debug' }, { method: 'POST', path: '/items', body: { name: 'tea' } }, { path: '/session' }],
  },
  {
    title: 'examples/gcp-functions — serve(app, { stream: true }) from faasport/gcp: Express on Cloud Run functions',
    entry: gcpApi,
    gateways: [gcpGateway],
    requests: [{ path: '/hello?name=GCP&tag=a&tag=b' }, { method: 'POST', path: '/orders', body: { items: [1, 2] } }, { path: '/events' }],
  },
  {
    title: 'examples/azure-functions — serve() from faasport/azure: Express behind app.http',
    entry: azureHttpHandler,
    gateways: [azureGateway],
    requests: [{ path: '/hello?name=Azure&tag=a&tag=b' }, { method: 'POST', path: '/orders', body: { items: [1, 2, 3] } }, { path: '/logo.png' }],
  },
  {
    title: 'examples/huawei-functiongraph — serve() from faasport/huawei: Koa behind APIG',
    entry: huaweiKoaHandler,
    gateways: [huaweiGateway],
    requests: [{ path: '/hello?name=FG&tag=a&tag=b' }, { method: 'POST', path: '/items', body: { name: 'tea' } }, { path: '/logo.png' }],
  },
]

const useColor = process.stdout.isTTY && !process.env.NO_COLOR
const dim = (text: string) => (useColor ? `\x1b[2m${text}\x1b[0m` : text)
const bold = (text: string) => (useColor ? `\x1b[1m${text}\x1b[0m` : text)

function shorten(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 100) return `${value.slice(0, 97)}...`
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(shorten)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]))
  return value
}

async function main() {
  console.log(bold('faasport demo: the same exported handlers, answering every gateway in its own format\n'))
  for (const scenario of scenarios) {
    console.log(bold(scenario.title))
    for (const init of scenario.requests) {
      console.log(`\n  ${bold(`${init.method ?? 'GET'} ${init.path}`)}`)
      for (const gateway of scenario.gateways) {
        const result = await gateway.call(scenario.entry, init)
        console.log(`    ${gateway.label} ${dim('receives')}`)
        console.log(`      ${JSON.stringify(shorten(result))}`)
      }
    }
    console.log('')
  }
}

/** The same on() worker fed equivalent timer, storage and queue events from every cloud. */
async function events() {
  console.log(bold('examples/events — on(): one worker for timers, uploads and queues on every cloud'))
  const at = '2026-11-22T03:00:00Z'
  const order = (id: string, amount: number) => ({ id, amount })
  const azureTimer = azure.timer({ functionName: 'hourly' })
  const azureBlob = azure.storageBlob({ container: 'uploads', name: 'photos/summer 2026.jpg', content: Buffer.alloc(52_000) })
  const azureQueue = azure.storageQueue(order('o7', 2), { queueName: 'orders' })
  const deliveries: Array<[string, unknown, unknown]> = [
    ['AWS EventBridge schedule', aws.scheduled({ rule: 'hourly', time: at }), aws.lambdaContext()],
    ['Alibaba FC timer', fc.timer({ triggerName: 'hourly', time: at }), fc.fcContext()],
    ['Tencent SCF timer', scf.timer({ triggerName: 'hourly', time: at }), scf.scfContext()],
    ['AWS S3 upload', aws.s3({ bucket: 'uploads', key: 'photos/summer 2026.jpg', size: 52_000 }), aws.lambdaContext()],
    ['Alibaba OSS upload', fc.oss({ bucket: 'uploads', key: 'photos/summer 2026.jpg', size: 52_000 }), fc.fcContext()],
    ['Tencent COS upload', scf.cos({ bucket: 'uploads', key: 'photos/summer 2026.jpg', size: 52_000 }), scf.scfContext()],
    ['AWS SQS batch (one bad message)', aws.sqs([{ body: order('o1', 10), messageId: 'm1' }, { body: order('o2', -5), messageId: 'm2' }]), aws.lambdaContext()],
    ['Alibaba Kafka through EventBridge', fc.kafka([JSON.stringify(order('o3', 7))]), fc.fcContext()],
    ['Tencent CMQ', scf.cmq([JSON.stringify(order('o4', 3))]), scf.scfContext()],
    ['Google Cloud Storage upload', gcp.storage({ bucket: 'uploads', name: 'photos/summer 2026.jpg', size: 52_000 }), undefined],
    ['Google Pub/Sub message', gcp.pubsub({ data: JSON.stringify(order('o5', 9)) }), undefined],
    ['Azure timer trigger', azureTimer.input, azureTimer.context],
    ['Azure Blob Storage upload', azureBlob.input, azureBlob.context],
    ['Azure Queue Storage message', azureQueue.input, azureQueue.context],
    ['Huawei FunctionGraph timer', huawei.timer({ triggerName: 'hourly', time: at }), huawei.huaweiContext()],
    ['Huawei OBS upload', huawei.obs({ bucket: 'uploads', key: 'photos/summer 2026.jpg', size: 52_000 }), huawei.huaweiContext()],
    ['Huawei DMS for Kafka message', huawei.dms([JSON.stringify(order('o6', 4))]), huawei.huaweiContext()],
  ]
  const log = console.log
  const error = console.error
  for (const [label, event, context] of deliveries) {
    const lines: string[] = []
    console.log = (...args: unknown[]) => void lines.push(args.map(String).join(' '))
    console.error = (...args: unknown[]) => void lines.push(`(logged) ${String(args[0])}`)
    let result: unknown
    try {
      result = await worker(event, context)
    } catch (e) {
      result = `${(e as Error).name}: ${(e as Error).message}`
    } finally {
      console.log = log
      console.error = error
    }
    console.log(`\n  ${bold(label)}`)
    for (const line of lines) console.log(`    ${dim('worker:')} ${line}`)
    console.log(`    ${dim('returns')} ${JSON.stringify(result) ?? 'undefined'}`)
  }
  console.log('')
}

/** The streaming example as the Lambda runtime runs it: the prelude, then each chunk with its arrival time. */
async function streams() {
  console.log(bold('examples/lambda-stream — serve(app, { stream: true }): Lambda response streaming'))
  const deliveries: Array<[string, Entry, unknown]> = [
    ['AWS Lambda Function URL (RESPONSE_STREAM), GET /events', streamingHandler, aws.functionUrl({ path: '/events?interval=20' })],
    ['AWS API Gateway REST (STREAM), GET /report.csv?rows=3', streamingHandler, aws.apiGatewayV1({ path: '/report.csv?rows=3' })],
    ['AWS Lambda Function URL (RESPONSE_STREAM), GET /chat (Hono)', chatHandler, aws.functionUrl({ path: '/chat?q=hi&delay=5' })],
  ]
  for (const [label, entry, event] of deliveries) {
    const answer = (await invoke(entry, event)) as StreamedResponse
    console.log(`
  ${bold(label)} ${dim('receives')}`)
    console.log(`    ${dim('prelude')} ${JSON.stringify(answer.prelude)}`)
    for (const chunk of answer.chunks.slice(0, 8)) console.log(`    ${dim(`+${chunk.atMs.toFixed(0).padStart(4)} ms`)} ${JSON.stringify(chunk.data.toString('utf8'))}`)
    if (answer.chunks.length > 8) console.log(`    ${dim(`... ${answer.chunks.length - 8} more chunks`)}`)
  }
  // HTTP APIs cannot stream: the same export hands them its usual JSON result.
  const buffered = (await invoke(streamingHandler, aws.apiGatewayV2({ path: '/report.csv?rows=2' }))) as StreamedResponse
  console.log(`
  ${bold('AWS API Gateway HTTP API (v2), which cannot stream, GET /report.csv?rows=2')} ${dim('receives')}`)
  console.log(`      ${JSON.stringify(shorten(JSON.parse(buffered.body.toString('utf8'))))}`)
  console.log('')
}

main()
  .then(streams)
  .then(events)
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
