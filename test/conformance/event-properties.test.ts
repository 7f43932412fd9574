import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as fcEvents from '../../adapters/fc/factories.js'
import * as scfEvents from '../../adapters/scf/factories.js'
import { on } from '../../src/index.js'
import { anyValue, mutatedEvents, runs } from '../helpers/property.js'

// Arbitrary and mutated FC and SCF event records through on(): records, a typed error or a reported batch
// failure, never a crash, a hang or a polluted prototype.

const everyRoute = on({
  timer: (t) => void [t.scheduledTime, t.payload, t.triggerName, t.data],
  storage: (s) => void [s.bucket, s.key, s.size, s.action],
  queue: (m) => void [m.body, m.attributes, m.messageId, m.queue],
  event: (e) => void [e.id, e.type, e.data],
})

const text = fc.string({ maxLength: 20 })
const parsed = (buffer: Buffer) => JSON.parse(buffer.toString()) as unknown

const sources: Record<string, fc.Arbitrary<unknown>> = {
  'aliyun/timer': fc.record({ triggerName: text, payload: text }).map((i) => parsed(fcEvents.timer(i))),
  'aliyun/oss': fc.record({ bucket: fc.stringMatching(/^[a-z0-9-]{3,10}$/), key: text }).map((i) => parsed(fcEvents.oss(i))),
  'aliyun/mns-topic': fc.record({ message: text, attributes: fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 2 }) }).map((i) => parsed(fcEvents.mnsTopic(i))),
  'aliyun/mns-stream': fc.record({ body: text }).map((i) => parsed(fcEvents.mnsStream(i))),
  'aliyun/eventbridge': fc.record({ body: text }).map((i) => parsed(fcEvents.mnsQueue(i))),
  'aliyun/eventbridge-batch': fc.array(text, { minLength: 1, maxLength: 3 }).map((m) => parsed(fcEvents.kafka(m))),
  'tencent/timer': fc.record({ triggerName: text, message: text }).map((i) => scfEvents.timer(i)),
  'tencent/cos': fc.record({ bucket: fc.stringMatching(/^[a-z0-9-]{3,10}$/), key: text }).map((i) => scfEvents.cos(i)),
  'tencent/cmq': fc.array(text, { minLength: 1, maxLength: 3 }).map((m) => scfEvents.cmq(m)),
  'tencent/ckafka': fc.array(text, { minLength: 1, maxLength: 3 }).map((m) => scfEvents.ckafka(m)),
}

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterAll(() => {
  vi.restoreAllMocks()
})

async function outcome(event: unknown, context: unknown): Promise<string> {
  return everyRoute(event, context).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? `untyped: ${String(error)}`,
  )
}

describe.each(Object.entries(sources))('%s', (_name, valid) => {
  it('valid events run every record', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (event) => {
        expect(await outcome(event, {})).toBe('ok')
        // FC delivers the same event as a Buffer.
        expect(await outcome(Buffer.from(JSON.stringify(event)), {})).toBe('ok')
      }),
      { numRuns: runs(60) },
    )
  })

  it('mutated events give records, a typed error, or a reported batch failure', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvents(valid), async (event) => {
        expect(['ok', 'BATCH_FAILED', 'INVALID_EVENT', 'UNSUPPORTED_EVENT']).toContain(await outcome(event, {}))
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: runs(200) },
    )
  })
})

it('arbitrary arrays and JSON strings never crash the batch readers', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(anyValue, fc.constant('{"specversion":"1.0"'), anyValue.map((v) => JSON.stringify(v) ?? '')), { minLength: 1, maxLength: 4 }), async (batch) => {
      expect(['ok', 'BATCH_FAILED', 'INVALID_EVENT', 'UNSUPPORTED_EVENT']).toContain(await outcome(batch, {}))
    }),
    { numRuns: runs(300) },
  )
})
