import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

// One build per test run, for the tests that use the package as it ships (packing, the CLI binary).
export default function setup(): void {
  execFileSync('npm', ['run', 'build'], { cwd: resolve(__dirname, '..'), stdio: 'ignore' })
}
