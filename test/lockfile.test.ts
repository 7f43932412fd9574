import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// `npm ci` refuses a lockfile that lacks an entry for any optional dependency of a locked package, and the
// registry mirror of our machines makes `npm install` leave out other platforms' packages. This catches a
// lockfile regenerated without `node scripts/complete-lockfile.mjs` before CI does.
describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>
  }

  it('has an entry for every optional dependency of every locked package', () => {
    const missing: string[] = []
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = path ? `${path}/node_modules/${name}` : `node_modules/${name}`
        if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`]) missing.push(`${name} (of ${path || 'the root'})`)
      }
    }
    expect(missing, 'run: node scripts/complete-lockfile.mjs').toEqual([])
  })
})
