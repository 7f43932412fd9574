#!/usr/bin/env node
// The registry mirror these machines use carries only the platform packages of this platform (linux x64), so
// npm 11 leaves the others (rollup's @rollup/rollup-<os>-<cpu> packages, for one) out of package-lock.json,
// and `npm ci` then refuses the lockfile as out of sync. This adds the missing optional platform entries,
// with their os/cpu/libc, so npm ci accepts the lockfile and skips them as it would on any other platform.
// Run it after any `npm install` that changes the lockfile:   node scripts/complete-lockfile.mjs
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages
let added = 0

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd']
const CPU = ['arm', 'arm64', 'ia32', 'x64', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el']

/** os/cpu/libc from the registry, or from a `<os>-<cpu>[-<abi>]` package name when the mirror lacks it. */
function platformOf(name, version) {
  try {
    const meta = JSON.parse(execFileSync('npm', ['view', `${name}@${version}`, '--json', 'dist.integrity', 'os', 'cpu', 'libc', 'license'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
    return { integrity: meta['dist.integrity'], os: meta.os, cpu: meta.cpu, libc: meta.libc, license: meta.license }
  } catch {
    const parts = name.split('/').pop().split('-')
    const os = parts.find((p) => OS.includes(p))
    const cpu = parts.find((p) => CPU.includes(p))
    if (!os || !cpu) return undefined
    const abi = parts[parts.length - 1]
    const libc = os === 'linux' ? (abi.startsWith('musl') ? 'musl' : abi.startsWith('gnu') ? 'glibc' : undefined) : undefined
    return { os, cpu, libc }
  }
}

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (packages[`node_modules/${name}`] || packages[`${path}/node_modules/${name}`]) continue
    const platform = platformOf(name, version)
    if (!platform) {
      console.warn(`complete-lockfile: cannot tell the platform of ${name}@${version}; left out`)
      continue
    }
    const record = { version }
    if (platform.integrity) record.integrity = platform.integrity
    if (platform.cpu) record.cpu = [].concat(platform.cpu)
    if (entry.dev) record.dev = true
    if (platform.libc) record.libc = [].concat(platform.libc)
    if (platform.license) record.license = platform.license
    record.optional = true
    if (platform.os) record.os = [].concat(platform.os)
    packages[`node_modules/${name}`] = record
    added++
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))))
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
console.log(`complete-lockfile: added ${added} optional platform entries`)
