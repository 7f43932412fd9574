// Lambda response streaming under the real runtime interface client (aws-lambda-ric). Each contender is a handler
// module in stream-handlers/, run in its own runtime child process against its own local Runtime API
// (test/helpers/runtime-api.mjs), which times the answer's bytes as they arrive there:
//   - time to first byte: `/first` (one SSE event, then the end); firstByteMs, from the event handed out to the
//     first byte of the answer (its prelude) at the Runtime API;
//   - throughput: `/bulk/<mb>` (64 KB chunks, produced only as fast as they are read); body MB (2^20 bytes) over
//     endMs - firstByteMs, the streaming itself, so the time to first byte (measured apart) does not dilute it.
// Rounds interleave the contenders (each round in a rotated order), so the machine's slow stretches hit them all;
// differences and ratios to the control are the medians of the per-round ones, as in run.mjs.
import { fileURLToPath } from 'node:url'
import { events } from '../../dist/testing.js'
import { splitPrelude, startLambda } from '../helpers/runtime-api.mjs'
import { FIRST } from './stream-handlers/bodies.mjs'

const root = fileURLToPath(new URL('./stream-handlers/', import.meta.url))

const CONTROL = 'hand-written streamifyResponse (control)'
const FETCH_APP = 'faasport serve(fetch app)'
const PEER = 'hono streamHandle (peer)'
/** Contender name: its handler setting (`file.export`, from stream-handlers/). */
const CONTENDERS = {
  [CONTROL]: 'control.handler',
  'faasport serve(express)': 'express.handler',
  [FETCH_APP]: 'fetch.handler',
  'faasport handle()': 'handle.handler',
  [PEER]: 'hono.handler',
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
/** Medians of the per-round differences and ratios of two contenders' samples (taken next to each other). */
const pairedDiff = (a, b) => median(a.map((x, i) => x - b[i]))
const pairedRatio = (a, b) => median(a.map((x, i) => x / b[i]))
const MB = 2 ** 20
const WARM_UP_MB = 160

/**
 * One invocation; fails on anything but a clean streamed answer, and if the child dies or hangs. The deadline the
 * runtime is given (60 s) lies past this bench's own limit (30 s), so no contender's deadline handling kicks in.
 */
async function invoke(lambda, name, path, record) {
  let timer
  const answer = await Promise.race([
    lambda.invoke(events.aws.functionUrl({ path }), { record, timeoutMs: 60_000 }),
    lambda.exited.then(({ code, signal }) => Promise.reject(new Error(`${name} exited (${code ?? signal}) during ${path}:\n${lambda.output.slice(-2000)}`))),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${name}: no end of ${path} after 30 s:\n${lambda.output.slice(-2000)}`)), 30_000))),
  ]).finally(() => clearTimeout(timer))
  if (answer.mode !== 'streaming' || answer.errorType !== undefined) {
    throw new Error(`${name} ${path} did not stream cleanly: ${JSON.stringify({ ...answer, body: undefined, chunks: undefined })}\n${lambda.output.slice(-2000)}`)
  }
  return answer
}

/** Checks a contender's two routes once (recorded), and returns the prelude sizes the timed runs are checked by. */
async function check(lambda, name) {
  const expect = (ok, what) => {
    if (!ok) throw new Error(`${name}: ${what}`)
  }
  const first = splitPrelude((await invoke(lambda, name, '/first', true)).body)
  expect(first?.prelude.statusCode === 200 && first.body.toString() === FIRST, `/first answered ${JSON.stringify(first?.prelude)} ${first?.body}`)
  const bulk = splitPrelude((await invoke(lambda, name, '/bulk/1', true)).body)
  expect(bulk?.prelude.statusCode === 200 && bulk.body.length === MB, `/bulk/1 answered ${JSON.stringify(bulk?.prelude)} with ${bulk?.body.length} body bytes`)
  return { first: first.offset + first.body.length, bulk: bulk.offset }
}

/**
 * Times every contender; returns one row each: TTFB median (ms) and its paired difference to the control,
 * the `/first` invocation's end, and the throughput (MB/s) with its paired ratio to the control; and the same
 * difference and ratio of faasport's fetch-app row to Hono's streamHandle, on the same app.
 */
export async function streamingBench(quick) {
  const settings = quick ? { rounds: 5, firstPerRound: 8, bulkPerRound: 1, mb: 16 } : { rounds: 9, firstPerRound: 20, bulkPerRound: 2, mb: 64 }
  const names = Object.keys(CONTENDERS)
  const running = {}
  try {
    const started = await Promise.allSettled(names.map(async (name) => (running[name] = await startLambda(root, CONTENDERS[name]))))
    for (const s of started) if (s.status === 'rejected') throw s.reason
    const sizes = {}
    for (const name of names) {
      sizes[name] = await check(running[name], name)
      // Warm-up, untimed: the JIT in the child and in this process. Throughput keeps climbing over the first
      // hundred MB or so streamed, so the warm-up is a size, not a count.
      for (let i = 0; i < 10; i++) await invoke(running[name], name, '/first', false)
      for (let i = 0; i < Math.ceil(WARM_UP_MB / settings.mb); i++) await invoke(running[name], name, `/bulk/${settings.mb}`, false)
    }

    const perRound = Object.fromEntries(names.map((n) => [n, { ttfb: [], end: [], mbps: [] }]))
    const allTtfb = Object.fromEntries(names.map((n) => [n, []]))
    for (let round = 0; round < settings.rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]
        const lambda = running[name]
        const ttfb = []
        const end = []
        for (let i = 0; i < settings.firstPerRound; i++) {
          const a = await invoke(lambda, name, '/first', false)
          if (a.size !== sizes[name].first) throw new Error(`${name}: /first streamed ${a.size} bytes, ${sizes[name].first} expected`)
          ttfb.push(a.firstByteMs)
          end.push(a.endMs)
        }
        const mbps = []
        for (let i = 0; i < settings.bulkPerRound; i++) {
          const a = await invoke(lambda, name, `/bulk/${settings.mb}`, false)
          const body = a.size - sizes[name].bulk
          if (body !== settings.mb * MB) throw new Error(`${name}: /bulk/${settings.mb} streamed ${body} body bytes`)
          mbps.push(body / MB / ((a.endMs - a.firstByteMs) / 1000))
        }
        allTtfb[name].push(...ttfb)
        perRound[name].ttfb.push(median(ttfb))
        perRound[name].end.push(median(end))
        perRound[name].mbps.push(median(mbps))
      }
    }

    const control = perRound[CONTROL]
    const round3 = (x) => Number(x.toFixed(3))
    const rows = names.map((name) => {
      const r = perRound[name]
      return {
        contender: name,
        ttfbMs: round3(median(allTtfb[name])),
        ttfbVsControlMs: round3(pairedDiff(r.ttfb, control.ttfb)),
        firstEndMs: round3(median(r.end)),
        mbPerS: Number(median(r.mbps).toFixed(1)),
        mbPerSVsControl: round3(pairedRatio(r.mbps, control.mbps)),
      }
    })
    const [ours, peer] = [perRound[FETCH_APP], perRound[PEER]]
    const fetchAppVsPeer = { peer: PEER, ttfbMs: round3(pairedDiff(ours.ttfb, peer.ttfb)), mbPerS: round3(pairedRatio(ours.mbps, peer.mbps)) }
    return { ...settings, throughput: 'body MB (2^20 bytes) / (endMs - firstByteMs)', rows, fetchAppVsPeer }
  } finally {
    await Promise.all(Object.values(running).map((lambda) => lambda.stop()))
  }
}
