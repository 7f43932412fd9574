// The gain of a compiled serializer (`responseSchema`, fast-json-stringify) on a representative payload.
import { execFileSync } from 'node:child_process'
import fastJson from 'fast-json-stringify'
import { fileURLToPath } from 'node:url'
import { handle } from '../../dist/index.js'
import { events, mockContext } from '../../dist/testing.js'

const order = {
  id: 'ord_123456',
  status: 'paid',
  total: 129.95,
  currency: 'EUR',
  customer: { id: 'cus_42', name: 'Ada Lovelace', email: 'ada@example.com' },
  lines: Array.from({ length: 20 }, (_, i) => ({ sku: `SKU-${i}`, name: `Product ${i}`, quantity: (i % 3) + 1, price: 9.95 + i })),
}
const responseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    total: { type: 'number' },
    currency: { type: 'string' },
    customer: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } } },
    lines: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string' }, name: { type: 'string' }, quantity: { type: 'integer' }, price: { type: 'number' } } },
    },
  },
}

async function time(fn, n) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await fn()
  return Number(process.hrtime.bigint() - start) / 1000 / n
}

/** µs per invocation with JSON.stringify and with the compiled serializer, side by side. */
async function measure(quick) {
  const context = mockContext('aws')
  const event = events.aws.apiGatewayV2({ path: '/orders/1' })
  const plain = handle(() => order)
  const compiled = handle(() => order, { responseSchema })
  const a = await plain(event, context)
  const b = await compiled(event, context)
  if (JSON.stringify(JSON.parse(a.body)) !== JSON.stringify(JSON.parse(b.body))) throw new Error('the compiled serializer changed the body')
  const n = quick ? 5000 : 50000
  const rounds = { plain: [], compiled: [] }
  for (let r = 0; r < (quick ? 3 : 7); r++) {
    rounds.plain.push(await time(() => plain(event, context), n))
    rounds.compiled.push(await time(() => compiled(event, context), n))
  }
  // The serialization alone: in a whole invocation it is a few µs among others, and the machine's noise can hide it.
  const stringify = fastJson(responseSchema)
  const alone = { plain: [], compiled: [] }
  for (let r = 0; r < (quick ? 3 : 7); r++) {
    alone.plain.push(await time(() => JSON.stringify(order), n))
    alone.compiled.push(await time(() => stringify(order), n))
  }
  const median = (v) => v.sort((x, y) => x - y)[v.length >> 1]
  return { plain: median(rounds.plain), compiled: median(rounds.compiled), stringifyPlain: median(alone.plain), stringifyCompiled: median(alone.compiled) }
}

/** Runs the measurement in a fresh process, so the heap other scenarios leave behind does not skew it. */
export function serializerGain(quick) {
  return JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), quick ? 'quick' : 'full'], { encoding: 'utf8' }))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measure(process.argv[2] === 'quick').then((result) => console.log(JSON.stringify(result)))
}
