import fc from 'fast-check'
import { expect } from 'vitest'
import type { EntryFunction } from '../../src/index.js'
import { adapterName, type Adapter } from '../../src/model/index.js'
import { decodePlatformResult } from './platform-result.js'

// Arbitrary and mutated events for property tests: every outcome must be a request the handler sees, a
// 4xx, or a typed error; never a crash, a hang, another error or a polluted Object.prototype.

const awkwardKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'Content-Length', 'cookie')
const key = fc.oneof(awkwardKey, fc.string({ maxLength: 12 }))
const leaf = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('true', 'false', '%', '%zz', '%E4%BD', '/a%2Fb', 'a=1&a=2', '\u0000', '\r\n', '\ud800', 'GET', '2.0', 'v1'),
  fc.base64String({ maxLength: 40 }),
)
/** Any JSON-ish value, prototype keys included. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
})).value

type Mutation = { path: number[]; action: 'set' | 'delete' | 'add'; key: string; value: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { maxLength: 4 }),
  action: fc.constantFrom('set', 'delete', 'add'),
  key,
  value: anyValue,
})

function mutate(event: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(event) as Record<string, unknown>
  for (const m of mutations) {
    let target: any = copy
    for (const step of m.path) {
      if (typeof target !== 'object' || target === null) break
      const keys = Object.keys(target)
      if (keys.length === 0) break
      const next = target[keys[step % keys.length]!]
      if (typeof next !== 'object' || next === null) {
        if (m.action === 'set') target[keys[step % keys.length]!] = m.value
        else if (m.action === 'delete') delete target[keys[step % keys.length]!]
        target = undefined
        break
      }
      target = next
    }
    if (typeof target !== 'object' || target === null) continue
    const keys = Object.keys(target)
    // An array's `length` cannot be redefined; a mutation naming it sets nothing.
    if (m.action === 'add' && Object.getOwnPropertyDescriptor(target, m.key)?.configurable === false) continue
    if (m.action === 'add') Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
    else if (keys.length > 0) {
      const k = keys[m.path.length % keys.length]!
      if (m.action === 'set') target[k] = m.value
      else delete target[k]
    }
  }
  return copy
}

/** Events made by applying up to five random mutations to valid events from `valid`. */
export function mutatedEvents(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([event, mutations]) => mutate(event, mutations))
}

/** Objects built from a trigger's own field names with arbitrary values. */
export function arbitraryEvents(fieldNames: string[]): fc.Arbitrary<unknown> {
  return fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), key), anyValue, { maxKeys: fieldNames.length + 2 })
}

const HANG_MS = 5000

/** The `provider/trigger` of the first adapter that claims an event (a mutation may turn it into another). */
export function claimedBy(adapters: readonly Adapter[], event: unknown, fallback: string): string {
  const adapter = adapters.find((a) => a.matches(event, undefined))
  return adapter ? adapterName(adapter) : fallback
}

/**
 * Runs one event and checks the outcome: a well-formed result for `trigger` with status below 500 (the
 * handler must be one that does not fail by itself), or a rejection with a faasport error code.
 */
export async function expectHandled(entry: EntryFunction, trigger: string, event: unknown, context: unknown): Promise<'ok' | '4xx' | 'typed'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS)
  })
  try {
    const outcome = await Promise.race([
      entry(event, context).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
      hang,
    ])
    if ('error' in outcome) {
      expect((outcome.error as { code?: unknown }).code).toMatch(/^(UNSUPPORTED_EVENT|INVALID_EVENT)$/)
      return 'typed'
    }
    const decoded = decodePlatformResult(trigger, outcome.result)
    expect(decoded.status).toBeLessThan(500)
    return decoded.status >= 400 ? '4xx' : 'ok'
  } finally {
    clearTimeout(timer)
    expect(Object.keys(Object.prototype)).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  }
}

/** A property's run count, scaled by FAASPORT_FUZZ (e.g. `FAASPORT_FUZZ=50 npx vitest run properties`) for a long local search. */
export function runs(n: number): number {
  const factor = Number(process.env.FAASPORT_FUZZ ?? 1)
  return Math.max(1, Math.round(n * (Number.isFinite(factor) && factor > 0 ? factor : 1)))
}
