import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as hw from '../../adapters/huawei/factories.js'
import * as schemas from '../../adapters/huawei/schemas.js'

// The zod schemas accept the documented sample events (test/fixtures/huawei, see its README) and the factories'
// events, and refuse what the adapters refuse.

const owned = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'huawei', name), 'utf8'))

describe('FunctionGraph schemas', () => {
  it.each([
    ['apig', 'apig.json'],
    ['apig', 'apig.template.json'],
    ['timer', 'timer.json'],
    ['obs', 'obs.s3.json'],
    ['obs', 'obs.s3-no-source.json'],
    ['smn', 'smn.json'],
    ['dms', 'dms-kafka.json'],
    ['dms', 'dms-rocketmq.json'],
  ] as const)('%s accepts %s', (schema, file) => {
    expect(schemas[schema].safeParse(owned(file)).success).toBe(true)
  })

  it('accept the factories’ events', () => {
    expect(schemas.apig.safeParse(hw.apig({ path: '/x?a=1&a=2' })).success).toBe(true)
    expect(schemas.timer.safeParse(hw.timer()).success).toBe(true)
    expect(schemas.obs.safeParse(hw.obs({ key: 'k' })).success).toBe(true)
    expect(schemas.obs.safeParse(hw.obs({ key: 'k', format: 's3' })).success).toBe(true)
    expect(schemas.smn.safeParse(hw.smn(['m'])).success).toBe(true)
    expect(schemas.dms.safeParse(hw.dms(['m'], { type: 'ROCKETMQ' })).success).toBe(true)
  })

  it('refuse malformed events', () => {
    expect(schemas.apig.safeParse({ ...hw.apig(), httpMethod: 1 }).success).toBe(false)
    expect(schemas.timer.safeParse({ ...hw.timer(), trigger_type: 'CRON' }).success).toBe(false)
    expect(schemas.smn.safeParse({ record: [] }).success).toBe(false)
    expect(schemas.dms.safeParse({ ...hw.dms(['m']), records: [{ messages: [1], topic_id: 't' }] }).success).toBe(false)
  })
})
