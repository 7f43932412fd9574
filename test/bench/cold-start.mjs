// Cold start: a fresh Node process per sample imports the library and builds a handler; the time from just
// before the import to the built handler is measured inside the process.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const dist = (file) => join(root, 'dist', file)
const mod = (name) => join(root, 'node_modules', name)

const cases = [
  { name: 'faasport handle()', esm: `const { handle } = await import(${JSON.stringify(dist('index.js'))}); handle(() => 'ok')`, cjs: `const { handle } = require(${JSON.stringify(dist('index.cjs'))}); handle(() => 'ok')` },
  { name: "faasport/lambda handle()", esm: `const { handle } = await import(${JSON.stringify(dist('lambda.js'))}); handle(() => 'ok')`, cjs: `const { handle } = require(${JSON.stringify(dist('lambda.cjs'))}); handle(() => 'ok')` },
  { name: 'faasport serve(listener)', esm: `const { serve } = await import(${JSON.stringify(dist('index.js'))}); serve((q, s) => s.end())`, cjs: `const { serve } = require(${JSON.stringify(dist('index.cjs'))}); serve((q, s) => s.end())` },
  { name: 'serverless-http', esm: `const { default: sls } = await import(${JSON.stringify(join(mod('serverless-http'), 'serverless-http.js'))}); sls((q, s) => s.end())`, cjs: `const sls = require(${JSON.stringify(mod('serverless-http'))}); sls((q, s) => s.end())` },
]

function sample(code, format) {
  const dir = mkdtempSync(join(tmpdir(), 'faasport-cold-'))
  const file = join(dir, format === 'esm' ? 'start.mjs' : 'start.cjs')
  const body =
    format === 'esm'
      ? `const t0 = performance.now(); ${code}; const ms = performance.now() - t0; console.log(JSON.stringify({ ms, http: process.moduleLoadList.some((m) => /^NativeModule (_http|http)\\b/.test(m)) }))`
      : `(async () => { const t0 = performance.now(); ${code}; const ms = performance.now() - t0; console.log(JSON.stringify({ ms, http: process.moduleLoadList.some((m) => /^NativeModule (_http|http)\\b/.test(m)) })) })()`
  writeFileSync(file, body)
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))
}

/** Median import-and-build time per library and module format, fresh process each. */
export async function coldStart(samples) {
  const rows = []
  let plainLoadsHttp = false
  for (const format of ['esm', 'cjs']) {
    for (const c of cases) {
      const times = []
      for (let i = 0; i < samples; i++) {
        const { ms, http } = sample(c[format], format)
        times.push(ms)
        if (c.name.includes('handle()') && http) plainLoadsHttp = true
      }
      times.sort((a, b) => a - b)
      rows.push({ format, name: c.name, ms: times[times.length >> 1] })
    }
  }
  return { rows, plainLoadsHttp }
}
