import { handle, on, serve } from '../../dist/index.js'
import { events, mockContext } from '../../dist/testing.js'

const count = Number(process.argv[2])
const context = mockContext('aws')
const event = events.aws.apiGatewayV2({ path: '/hello', headers: { 'x-a': 'b' } })
const queue = events.aws.sqs(['one', 'two'])
const paths = {
  'handle()': [handle((req) => ({ path: req.path, q: req.query })), event],
  'serve(listener)': [serve((req, res) => res.end(req.url)), event],
  'on({ queue })': [on({ queue: (m) => m.body }), queue],
}

function heap() {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

const results = []
for (const [name, [entry, ev]] of Object.entries(paths)) {
  for (let i = 0; i < 10000; i++) await entry(ev, context)
  const before = heap()
  for (let i = 0; i < count; i++) await entry(ev, context)
  results.push({ name, invocations: count, growth: Math.max(0, heap() - before) })
}
console.log(JSON.stringify(results))
