// Heap growth over many invocations, after forced garbage collection, in a fresh process.
import { execFileSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Heap bytes retained after `count` invocations of each path (measured after GC, warmed up first). */
export async function memoryGrowth(count) {
  const out = execFileSync(process.execPath, ['--expose-gc', join(here, 'memory-child.mjs'), String(count)], { encoding: 'utf8', cwd: resolve(here, '..', '..') })
  return JSON.parse(out)
}
