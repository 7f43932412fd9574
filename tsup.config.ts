import { defineConfig } from 'tsup'

// `npm run build` empties dist/ first; the two builds run side by side and must not clean each other's output.
export default defineConfig([
  {
    // One entry per subpath export; shared code goes to chunks so each format loads one copy of the runtime.
    entry: {
      index: 'src/index.ts',
      lambda: 'src/entries/lambda.ts',
      fc: 'src/entries/fc.ts',
      scf: 'src/entries/scf.ts',
      schemas: 'src/entries/schemas.ts',
      testing: 'src/entries/testing.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
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
