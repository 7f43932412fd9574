// What an entry costs in a bundle: esbuild, minified, then gzipped. The optional peers stay external, as
// for a user who has not installed them.
import { gzipSync } from 'node:zlib'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const dist = (file) => JSON.stringify(join(root, 'dist', file))

const entries = [
  ["handle() from 'faasport/lambda'", `import { handle } from ${dist('lambda.js')}; export const h = handle(() => 'ok')`],
  ["serve() from 'faasport/lambda'", `import { serve } from ${dist('lambda.js')}; export const h = serve((q, s) => s.end())`],
  ["handle() from 'faasport'", `import { handle } from ${dist('index.js')}; export const h = handle(() => 'ok')`],
  ["on() from 'faasport'", `import { on } from ${dist('index.js')}; export const h = on({ queue: () => {} })`],
  ["all of 'faasport'", `export * from ${dist('index.js')}`],
]

/** Minified and gzipped size of each entry as a user's bundler would include it. */
export async function bundleSizes() {
  const out = []
  for (const [name, contents] of entries) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // Optional peers: loaded only by the features that use them (responseSchema, faasport/schemas).
      external: ['fast-json-stringify', 'zod'],
    })
    const code = result.outputFiles[0].contents
    out.push({ name, minified: code.length, gzip: gzipSync(code).length })
  }
  return out
}
