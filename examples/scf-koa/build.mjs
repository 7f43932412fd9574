// Builds both deployments of this example (`node build.mjs [outdir]`, default ./dist):
//   dist/event/index.js             the event function: main_handler (serverless.yml)
//   dist/web/web.js + scf_bootstrap the web function: scf_bootstrap starts web.js on port 9000 (web/serverless.yml)
// Each is one bundle with its dependencies, so neither folder needs node_modules.
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const out = resolve(process.argv[2] ?? join(here, 'dist'))
// fast-json-stringify is an optional peer faasport loads only for handle(fn, { responseSchema }): not bundled here.
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', external: ['fast-json-stringify'], logLevel: 'warning' }

await build({ ...common, entryPoints: [join(here, 'index.ts')], outfile: join(out, 'event', 'index.js') })
await build({ ...common, entryPoints: [join(here, 'web.ts')], outfile: join(out, 'web', 'web.js') })
mkdirSync(join(out, 'web'), { recursive: true })
copyFileSync(join(here, 'scf_bootstrap'), join(out, 'web', 'scf_bootstrap'))
// SCF runs scf_bootstrap only if it is executable.
chmodSync(join(out, 'web', 'scf_bootstrap'), 0o755)
console.log(`built ${join(out, 'event')} and ${join(out, 'web')}`)
