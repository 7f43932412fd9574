import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests and examples import the package by name, as users do; it resolves to the sources here.
    alias: [
      { find: /^faasport$/, replacement: src('./src/index.ts') },
      { find: /^faasport\/(.*)$/, replacement: src('./src/entries/$1.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
})
