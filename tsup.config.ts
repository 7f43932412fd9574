import { defineConfig } from 'tsup'

// `npm run build` empties dist/ first; the two builds run side by side and must not clean each other's output.
export default defineConfig([
  {
    // One entry per subpath export, each a single self-contained file: loading one file instead of a graph of
    // shared chunks cuts ESM cold start by a third. State that must be shared across entries (the current
    // invocation, the cold-start flag, entries handed to on()) lives under Symbol.for keys, so a process that
    // loads several entries (or both formats) still agrees on it.
    entry: {
      index: 'src/index.ts',
      lambda: 'src/entries/lambda.ts',
      fc: 'src/entries/fc.ts',
      scf: 'src/entries/scf.ts',
      gcp: 'src/entries/gcp.ts',
      azure: 'src/entries/azure.ts',
      huawei: 'src/entries/huawei.ts',
      schemas: 'src/entries/schemas.ts',
      testing: 'src/entries/testing.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: false,
    treeshake: true,
    target: 'node18',
    platform: 'node',
    outDir: 'dist',
  },
  {
    // The `faasport` command.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    target: 'node18',
    platform: 'node',
    outDir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    // Loaded from the user's project when present, never bundled.
    external: ['tsx'],
  },
])
