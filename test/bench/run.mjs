// `npm run bench`: faasport against the established adapters and two floors, side by side in one process.
// Reports µs per invocation (median of rounds), each row's ratio to the best peer and to the floors (median of
// the per-round ratios), checks
// the targets, and writes the same to test/bench/results.json. Timings never run inside `npm test`.
// `--quick` makes every part short (and writes results.quick.json); `--only streaming` runs the Lambda response
// streaming part alone, `--only clouds` the Cloud Run functions, Azure and FunctionGraph scenarios alone; neither
// writes a results file.
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { events, mockContext } from '../../dist/testing.js'
import { coldStart } from './cold-start.mjs'
import { serve } from '../../dist/index.js'
import { apps, contenders, huaweiContenders, nodeFloor, PAYLOAD, PEERS, plainHandler, rawHandler } from './contenders.mjs'
import { memoryGrowth } from './memory.mjs'
import { bundleSizes } from './size.mjs'
import { serializerGain } from './serializer.mjs'
import { streamingBench } from './streaming.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
if (only !== undefined && only !== 'streaming' && only !== 'clouds') throw new Error(`--only takes 'streaming' or 'clouds', not ${only}`)
// Many short rounds rather than a few long ones: ratios are taken round by round (see record()).
const ROUNDS = quick ? 3 : 15

const BIG_BODY = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'] })) }
const requests = {
  hello: { method: 'GET', path: '/hello' },
  post10k: { method: 'POST', path: '/items', body: BIG_BODY, headers: { 'content-type': 'application/json' } },
  blob: { method: 'GET', path: '/blob' },
}

/** The app scenarios: name, app kind, request, iterations per round. */
const APP_SCENARIOS = [
  ['(req, res) listener', 'listener', requests.hello, 12000],
  ['Express 5 app', 'express', requests.hello, 3600],
  ['Koa app', 'koa', requests.hello, 6000],
  ['Express 5, 10 KB JSON POST', 'express', requests.post10k, 1800],
  ['Express 5, 100 KB binary response', 'express', requests.blob, 900],
]

function eventFor(version, init) {
  switch (version) {
    case 'v1':
      return events.aws.apiGatewayV1(init)
    case 'v2':
      return events.aws.apiGatewayV2(init)
    case 'fc3':
      return events.aliyun.httpV3(init)
    case 'scf':
      return events.tencent.apiGateway(init)
    case 'huawei':
      return events.huawei.apig(init)
    case 'azure':
      return events.azure.httpRequest(init)
  }
}

/** The headers of any of our HTTP events, for the Node floor's request. */
function eventHeaders(event) {
  if (Buffer.isBuffer(event)) return JSON.parse(event.toString()).headers
  if (event.headers instanceof Headers) return Object.fromEntries(event.headers)
  return event.multiValueHeaders ?? event.headers
}

/** The same request in Node's own form, headers included, for the floor (built once, outside the timing). */
function nodeRequest(init, event) {
  const body = init.body ? Buffer.from(JSON.stringify(init.body)) : undefined
  const headers = {}
  for (const [name, value] of Object.entries(eventHeaders(event))) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  if (body) headers['content-length'] = String(body.length)
  return { method: init.method, url: init.path, headers, body }
}

async function timeOnce(fn, iterations) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await fn()
  return Number(process.hrtime.bigint() - start) / 1000 / iterations
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]

/** Times every contender of a scenario in interleaved rounds, so they share the machine's noise: each one's samples, a round each. */
async function race(runners, iterations) {
  for (const run of Object.values(runners)) {
    const result = await run()
    if (result?.statusCode !== undefined && result.statusCode !== 200) throw new Error(`a contender answered ${result.statusCode}: ${JSON.stringify(result).slice(0, 300)}`)
    await timeOnce(run, Math.max(200, iterations >> 2))
  }
  const samples = Object.fromEntries(Object.keys(runners).map((k) => [k, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(runners)) samples[name].push(await timeOnce(run, iterations))
  }
  return samples
}

/** The median of the per-round ratios `a[i] / b[i]`: the two were timed next to each other in every round. */
const pairedRatio = (a, b) => median(a.map((x, i) => x / b[i]))

const rows = []
/**
 * Records a scenario's rows: µs is each contender's median over the rounds; each ratio is the median of its
 * per-round ratios, so a slow stretch of the machine that hits both sides of a round cancels out. Returns the
 * unrounded ratios by contender, for the targets.
 */
function record(scenario, version, samples) {
  const us = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]))
  const peers = PEERS.filter((p) => samples[p] !== undefined)
  const bestPeer = peers.length ? peers.reduce((a, b) => (us[a] <= us[b] ? a : b)) : undefined
  const raw = samples['raw handler (floor)']
  const node = samples['node (floor)']
  const ratios = {}
  const round3 = (x) => (x === null ? null : Number(x.toFixed(3)))
  for (const [contender, s] of Object.entries(samples)) {
    const r = {
      vsBestPeer: bestPeer ? pairedRatio(s, samples[bestPeer]) : null,
      vsRawFloor: raw ? pairedRatio(s, raw) : null,
      vsNodeFloor: node ? pairedRatio(s, node) : null,
    }
    ratios[contender] = r
    rows.push({ scenario, event: version, contender, us: Number(us[contender].toFixed(3)), vsBestPeer: round3(r.vsBestPeer), vsRawFloor: round3(r.vsRawFloor), vsNodeFloor: round3(r.vsNodeFloor) })
  }
  return ratios
}

const contexts = { v1: mockContext('aws'), v2: mockContext('aws'), fc3: mockContext('aliyun'), scf: mockContext('tencent'), huawei: mockContext('huawei', { timeoutMs: 1e9 }), azure: mockContext('azure') }
const targets = []
function target(name, ok, detail) {
  targets.push({ name, ok, detail })
}

async function httpScenarios() {
  for (const version of ['v1', 'v2']) {
    const ctx = contexts[version]
    const hello = eventFor(version, requests.hello)

    // A plain handler: handle() against the raw floor and the peers' cheapest path (a bare listener).
    const plain = plainHandler()
    const raw = rawHandler(version)
    const listenerPeers = contenders('listener', apps.listener(), version)
    const plainSamples = await race(
      {
        'raw handler (floor)': () => raw(hello, ctx),
        faasport: () => plain(hello, ctx),
        ...Object.fromEntries(PEERS.map((p) => [p, () => listenerPeers[p](hello, ctx)])),
      },
      quick ? 5000 : 24000,
    )
    const plainRatios = record('plain handler', version, plainSamples).faasport
    target(`plain handler (${version}) within 3x of the raw floor`, plainRatios.vsRawFloor <= 3, `${plainRatios.vsRawFloor.toFixed(2)}x`)
    target(`plain handler (${version}) at least 4x faster than the fastest peer`, 1 / plainRatios.vsBestPeer >= 4, `${(1 / plainRatios.vsBestPeer).toFixed(2)}x faster`)

    for (const [scenario, kind, init, iterations] of APP_SCENARIOS) {
      const app = apps[kind]()
      const event = eventFor(version, init)
      const all = contenders(kind, app, version)
      const floor = nodeFloor(kind === 'koa' ? app.callback() : app, nodeRequest(init, event))
      const samples = await race({ 'node (floor)': floor, ...Object.fromEntries(Object.entries(all).map(([k, f]) => [k, () => f(event, ctx)])) }, quick ? iterations / 10 : iterations)
      const ours = record(scenario, version, samples).faasport
      if (kind !== 'koa' && init === requests.hello) {
        target(`${scenario} (${version}) faster than the fastest peer`, ours.vsBestPeer < 1, `${(1 / ours.vsBestPeer).toFixed(2)}x faster`)
        target(`${scenario} (${version}) within 1.15x of the Node floor`, ours.vsNodeFloor <= 1.15, `${ours.vsNodeFloor.toFixed(2)}x`)
      }
    }
  }
}

/** faasport on FC 3.0 (a Buffer event) and SCF API Gateway events: no peer adapts these, so the floors only. */
async function otherCloudScenarios() {
  for (const version of ['fc3', 'scf']) {
    const ctx = contexts[version]
    const hello = eventFor(version, requests.hello)
    const plain = plainHandler()
    const raw = rawHandler(version)
    record('plain handler', version, await race({ 'raw handler (floor)': () => raw(hello, ctx), faasport: () => plain(hello, ctx) }, quick ? 5000 : 24000))
    for (const [scenario, kind, init, iterations] of APP_SCENARIOS) {
      const app = apps[kind]()
      const event = eventFor(version, init)
      const faasport = serve(app)
      const floor = nodeFloor(kind === 'koa' ? app.callback() : app, nodeRequest(init, event))
      record(scenario, version, await race({ 'node (floor)': floor, faasport: () => faasport(event, ctx) }, quick ? iterations / 10 : iterations))
    }
  }
}

/**
 * The three newer clouds. FunctionGraph's APIG against @h4ad/serverless-adapter (the one peer with an adapter for
 * it) and the floors; Azure Functions v4 and Cloud Run functions against the floors only. Azure's request carries
 * its body as a stream, so each call gets a fresh one; Cloud Run functions' `(req, res)` pair is made per call
 * for every contender alike.
 */
async function newCloudScenarios() {
  const ctx = contexts.huawei
  const hello = eventFor('huawei', requests.hello)
  const peersOfHello = huaweiContenders('listener', apps.listener())
  const plainRatios = record(
    'plain handler',
    'huawei',
    await race(
      { 'raw handler (floor)': () => rawHandler('huawei')(hello, ctx), faasport: () => plainHandler()(hello, ctx), '@h4ad/serverless-adapter': () => peersOfHello['@h4ad/serverless-adapter'](hello, ctx) },
      quick ? 5000 : 24000,
    ),
  ).faasport
  target('plain handler (huawei) faster than @h4ad/serverless-adapter', plainRatios.vsBestPeer < 1, `${(1 / plainRatios.vsBestPeer).toFixed(2)}x faster`)
  for (const [scenario, kind, init, iterations] of APP_SCENARIOS) {
    const app = apps[kind]()
    const event = eventFor('huawei', init)
    const all = huaweiContenders(kind, app)
    const floor = nodeFloor(kind === 'koa' ? app.callback() : app, nodeRequest(init, event))
    const ours = record(scenario, 'huawei', await race({ 'node (floor)': floor, ...Object.fromEntries(Object.entries(all).map(([k, f]) => [k, () => f(event, ctx)])) }, quick ? iterations / 10 : iterations)).faasport
    if (init === requests.hello) target(`${scenario} (huawei) faster than @h4ad/serverless-adapter`, ours.vsBestPeer < 1, `${(1 / ours.vsBestPeer).toFixed(2)}x faster`)
  }

  const azureCtx = contexts.azure
  const plain = plainHandler()
  record('plain handler', 'azure', await race({ 'raw handler (floor)': () => rawHandler('azure')(events.azure.httpRequest(requests.hello), azureCtx), faasport: () => plain(events.azure.httpRequest(requests.hello), azureCtx) }, quick ? 5000 : 24000))
  for (const [scenario, kind, init, iterations] of APP_SCENARIOS) {
    const app = apps[kind]()
    const faasport = serve(app)
    const node = nodeFloor(kind === 'koa' ? app.callback() : app, nodeRequest(init, eventFor('azure', init)))
    // The host builds a request per call for every function: the floor builds one too, so both pay for it.
    const floor = () => (events.azure.httpRequest(init), node())
    record(scenario, 'azure', await race({ 'node (floor)': floor, faasport: () => faasport(events.azure.httpRequest(init), azureCtx) }, quick ? iterations / 10 : iterations))
  }

  const gcpRaw = rawHandler('gcp')
  const gcpCall = (entry) => () => {
    const { req, res } = events.gcp.http(requests.hello)
    entry(req, res)
    return res.finished
  }
  record('plain handler', 'gcp', await race({ 'raw handler (floor)': gcpCall(gcpRaw), faasport: gcpCall(plainHandler()) }, quick ? 5000 : 24000))
}

function printTable(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const fmt = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |'
  console.log(fmt(header))
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|')
  for (const l of lines) console.log(fmt(l))
}

/** Everything but streaming: the in-process scenarios, cold start, size, memory and the serializer. */
async function inProcessParts() {
  await httpScenarios()
  await otherCloudScenarios()
  await newCloudScenarios()
  printTable(
    ['scenario', 'event', 'contender', 'µs/inv', 'vs best peer', 'vs raw floor', 'vs node floor'],
    rows.map((r) => [r.scenario, r.event, r.contender, r.us.toFixed(2), r.vsBestPeer?.toFixed(2) ?? '', r.vsRawFloor?.toFixed(2) ?? '', r.vsNodeFloor?.toFixed(2) ?? '']),
  )

  console.log('\nCold start: import + build a handler, fresh process each, median of 20 (ms)')
  const cold = await coldStart(quick ? 5 : 20)
  for (const c of cold.rows) console.log(`  ${c.format.padEnd(4)} ${c.name.padEnd(34)} ${c.ms.toFixed(1)} ms`)
  for (const format of ['esm', 'cjs']) {
    const ours = cold.rows.find((r) => r.format === format && r.name === 'faasport handle()')
    const theirs = cold.rows.find((r) => r.format === format && r.name === 'serverless-http')
    target(`cold start (${format}) at most half of serverless-http`, ours.ms <= theirs.ms / 2, `${(ours.ms / theirs.ms).toFixed(2)}x`)
  }
  target('the plain-handler path never loads node:http', !cold.plainLoadsHttp, cold.plainLoadsHttp ? 'node:http loaded' : 'not loaded')

  console.log('\nSize: minified + gzipped, bundled with esbuild')
  const sizes = await bundleSizes()
  for (const s of sizes) console.log(`  ${s.name.padEnd(40)} ${(s.gzip / 1024).toFixed(1)} KB`)
  const lambdaHandle = sizes.find((s) => s.name === "handle() from 'faasport/lambda'")
  target("faasport/lambda with handle() under 8 KB", lambdaHandle.gzip < 8 * 1024, `${(lambdaHandle.gzip / 1024).toFixed(1)} KB`)

  console.log('\nMemory: heap growth after GC over 200,000 invocations')
  const memory = await memoryGrowth(quick ? 20000 : 200000)
  for (const m of memory) console.log(`  ${m.name.padEnd(20)} ${(m.growth / 1024 / 1024).toFixed(2)} MB`)
  for (const m of memory) target(`memory (${m.name}) grows by under 5 MB`, m.growth < 5 * 1024 * 1024, `${(m.growth / 1024 / 1024).toFixed(2)} MB`)

  console.log('\nCompiled serialization (handle() with responseSchema, fast-json-stringify), in a fresh process')
  const serializer = serializerGain(quick)
  console.log(`  per invocation: JSON.stringify ${serializer.plain.toFixed(2)} µs, responseSchema ${serializer.compiled.toFixed(2)} µs (${(serializer.plain / serializer.compiled).toFixed(2)}x)`)
  console.log(`  serialization alone: JSON.stringify ${serializer.stringifyPlain.toFixed(2)} µs, compiled ${serializer.stringifyCompiled.toFixed(2)} µs (${(serializer.stringifyPlain / serializer.stringifyCompiled).toFixed(2)}x)`)
  return { coldStart: cold, sizes, memory, serializer }
}

const signed = (ms) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)}`

/** Lambda response streaming under the real runtime client, a child process per contender (streaming.mjs). */
async function streamingPart() {
  const streaming = await streamingBench(quick)
  console.log(`\nLambda response streaming, under aws-lambda-ric: ${streaming.rounds} rounds of ${streaming.firstPerRound} x /first and ${streaming.bulkPerRound} x ${streaming.mb} MB; MB/s = ${streaming.throughput}`)
  printTable(
    ['contender', 'TTFB ms', 'vs control ms', '/first end ms', 'MB/s', 'vs control'],
    streaming.rows.map((r) => [r.contender, r.ttfbMs.toFixed(2), signed(r.ttfbVsControlMs), r.firstEndMs.toFixed(2), r.mbPerS.toFixed(0), `${r.mbPerSVsControl.toFixed(2)}x`]),
  )
  for (const r of streaming.rows.filter((r) => r.contender.startsWith('faasport'))) {
    target(`streaming ${r.contender}: time to first byte within 1 ms of the hand-written handler`, r.ttfbVsControlMs <= 1, `${signed(r.ttfbVsControlMs)} ms`)
    target(`streaming ${r.contender}: throughput at least 0.8x the hand-written handler`, r.mbPerSVsControl >= 0.8, `${r.mbPerSVsControl.toFixed(2)}x`)
  }
  const { ttfbMs, mbPerS, peer } = streaming.fetchAppVsPeer
  target(`streaming faasport serve(fetch app): first byte sooner than ${peer}`, ttfbMs < 0, `${signed(ttfbMs)} ms`)
  target(`streaming faasport serve(fetch app): throughput above ${peer}`, mbPerS > 1, `${mbPerS.toFixed(2)}x`)
  return streaming
}

async function main() {
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, date: new Date().toISOString().slice(0, 10) }
  console.log(`faasport bench — ${machine.node}, ${machine.cpu} (${machine.cores} cores), ${machine.date}${quick ? ' (quick)' : ''}${only ? ` (only ${only})` : ''}\n`)
  if (only === 'clouds') {
    await newCloudScenarios()
    printTable(['scenario', 'event', 'contender', 'µs/inv', 'vs best peer', 'vs raw floor', 'vs node floor'], rows.map((r) => [r.scenario, r.event, r.contender, r.us.toFixed(2), r.vsBestPeer?.toFixed(2) ?? '', r.vsRawFloor?.toFixed(2) ?? '', r.vsNodeFloor?.toFixed(2) ?? '']))
    for (const t of targets) console.log(`  ${t.ok ? 'met ' : 'MISS'} ${t.name}: ${t.detail}`)
    return console.log('\n--only clouds: no results file written')
  }
  const parts = only ? {} : await inProcessParts()
  const streaming = await streamingPart()

  console.log('\nTargets')
  for (const t of targets) console.log(`  ${t.ok ? 'met ' : 'MISS'} ${t.name}: ${t.detail}`)
  // A partial run would overwrite the full table with a part of it.
  if (only) return console.log(`\n--only ${only}: no results file written`)
  writeFileSync(join(here, quick ? 'results.quick.json' : 'results.json'), JSON.stringify({ machine, rounds: ROUNDS, rows, ...parts, streaming, targets, payload: PAYLOAD }, null, 2) + '\n')
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
