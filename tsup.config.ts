import { defineConfig } from 'tsup'

// One entry per subpath export; shared code goes to chunks so both formats load a single copy of the runtime.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    lambda: 'src/entries/lambda.ts',
    schemas: 'src/entries/schemas.ts',
    testing: 'src/entries/testing.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: true,
  clean: true,
  target: 'node18',
  platform: 'node',
  sourcemap: false,
  outDir: 'dist',
})
