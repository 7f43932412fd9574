import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Packs the package as npm would publish it and uses it from a scratch project with `import` and `require`,
// so a broken `exports` map, a missing build file or broken type declarations cannot land.

const root = resolve(__dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import: { types: string; default: string }; require: { types: string; default: string } }>
}
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json')
const specifiers = subpaths.map((key) => (key === '.' ? 'faasport' : `faasport/${key.slice(2)}`))
let scratch = ''

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' })
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'faasport-pack-'))
  // test/global-setup.ts has run the build `prepack` would run when publishing.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>
  const target = join(scratch, 'node_modules', 'faasport')
  mkdirSync(target, { recursive: true })
  execFileSync('tar', ['-xzf', join(scratch, filename!), '-C', target, '--strip-components=1'])
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }))
  // A user of faasport/schemas installs the optional peer zod, a TypeScript user of faasport/testing the Lambda
  // types; link ours in their place.
  symlinkSync(join(root, 'node_modules', 'zod'), join(scratch, 'node_modules', 'zod'), 'dir')
  mkdirSync(join(scratch, 'node_modules', '@types'))
  symlinkSync(join(root, 'node_modules', '@types', 'aws-lambda'), join(scratch, 'node_modules', '@types', 'aws-lambda'), 'dir')
}, 180_000)

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

const event = {
  version: '2.0',
  rawPath: '/hi',
  rawQueryString: 'n=1',
  headers: { host: 'x.execute-api.us-east-1.amazonaws.com' },
  requestContext: { domainName: 'x.execute-api.us-east-1.amazonaws.com', http: { method: 'GET', path: '/hi', sourceIp: '1.2.3.4' }, stage: '$default' },
  isBase64Encoded: false,
}

describe('the packed package', () => {
  it('ships only the build, the README and the CHANGELOG', () => {
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: join(scratch, 'node_modules', 'faasport'), encoding: 'utf8' }).split('\n').filter(Boolean)
    expect(files.every((f) => /^\.\/(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)/.test(f))).toBe(true)
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.d.cts'))).toBe(false)
  })

  it.each(specifiers)('%s loads with import and with require and exports the same names', (specifier) => {
    const esm = node(['--input-type=module', '-e', `import * as m from '${specifier}'; console.log(JSON.stringify(Object.keys(m).sort()))`])
    const cjs = node(['-e', `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`])
    expect(JSON.parse(esm)).toEqual(JSON.parse(cjs))
    expect(JSON.parse(esm).length).toBeGreaterThan(0)
  })

  it('a handler built from the ESM and the CJS build answers a Lambda event', () => {
    const script = (load: string) =>
      `${load}; handle((req) => ({ path: req.path, n: req.query.n }))(${JSON.stringify(event)}, {}).then((r) => console.log(JSON.stringify(r)))`
    const esm = node(['--input-type=module', '-e', script(`import { handle } from 'faasport'`)])
    const cjs = node(['-e', script(`const { handle } = require('faasport/lambda')`)])
    for (const out of [esm, cjs]) expect(JSON.parse(out)).toMatchObject({ statusCode: 200, body: '{"path":"/hi","n":"1"}' })
  })

  it('getInvocation() from the CJS build sees an invocation started by the ESM build', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module'
       import { handle } from 'faasport/lambda'
       const { getInvocation } = createRequire(import.meta.url)('faasport')
       handle(() => ({ id: getInvocation()?.requestId ?? null }))(${JSON.stringify(event)}, { awsRequestId: 'shared-id' })
         .then((r) => console.log(r.body))`,
    ])
    expect(JSON.parse(out)).toEqual({ id: 'shared-id' })
  })

  it('the core entries never load the optional peers', () => {
    const loaded = (entries: string) => node(['-e', `${entries}; console.log(JSON.stringify(Object.keys(require.cache)))`])
    expect(loaded("require('faasport/schemas')")).toContain('zod')
    const core = loaded("require('faasport'); require('faasport/lambda')")
    expect(core).not.toContain('zod')
    expect(core).not.toContain('fast-json-stringify')
  })

  it('the plain-handler path never loads node:http', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { handle } from 'faasport/lambda'
       await handle(() => 'ok')(${JSON.stringify(event)}, {})
       console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (_http|http)/.test(m))))`,
    ])
    expect(JSON.parse(out)).toEqual([])
  })

  it('type declarations resolve for every subpath, for import and require consumers', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const imports = specifiers.map((s, i) => `import * as m${i} from '${s}'\nvoid m${i}`).join('\n')
    writeFileSync(
      join(scratch, 'consumer.mts'),
      `${imports}\nimport { handle, type HttpRequest, type Invocation } from 'faasport'\n` +
        `export const handler = handle((req: HttpRequest, inv: Invocation) => ({ statusCode: 200, body: req.path + inv.requestId }))\n` +
        // faasport/testing as a TypeScript user with @types/aws-lambda writes it: the Lambda types resolve, the
        // FC and SCF contexts are typed, the context of invoke() is optional.
        `import { events, invoke, mockContext, type FcContext, type ScfContext } from 'faasport/testing'\n` +
        `import type { APIGatewayProxyEventV2, Context } from 'aws-lambda'\n` +
        `const v2: APIGatewayProxyEventV2 = events.aws.apiGatewayV2({ path: '/p' })\n` +
        `const aws: Context = mockContext('aws', { timeoutMs: 100 })\n` +
        `const fc: FcContext = mockContext('aliyun', { accountId: '1' })\n` +
        `const scf: ScfContext = mockContext('tencent', { request_id: 'r' })\n` +
        `const seconds: number = fc.function.timeout + aws.getRemainingTimeInMillis() + scf.getRemainingTimeInMillis()\n` +
        `// @ts-expect-error an FC context has no Lambda fields\n` +
        `void fc.awsRequestId\n` +
        `export const result: Promise<unknown> = invoke(handler, v2).then(() => invoke(handler, v2, fc, { timeoutMs: seconds }))\n`,
    )
    writeFileSync(join(scratch, 'consumer.cts'), `import faasport = require('faasport/lambda')\nexport const handler = faasport.handle(() => 'ok')\n`)
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
        files: ['consumer.mts', 'consumer.cts'],
      }),
    )
    execFileSync(process.execPath, [tsc, '-p', scratch], { cwd: scratch, encoding: 'utf8' })
  }, 60_000)

  // `module: commonjs` defaults to node10 resolution, which ignores `exports`: subpaths resolve through
  // `typesVersions`. Bundler resolution reads `exports` with the `import` condition.
  it.each([
    // esModuleInterop as `tsc --init` sets it: zod's own declarations need it under node10.
    ['node10', { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('type declarations resolve for every subpath under moduleResolution %s', (name, options) => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const dir = join(scratch, `consumer-${name}`)
    mkdirSync(dir, { recursive: true })
    const imports = specifiers.map((s, i) => `import * as m${i} from '${s}'\nvoid m${i}`).join('\n')
    writeFileSync(
      join(dir, 'consumer.ts'),
      `${imports}\nimport { handle, type HttpRequest } from 'faasport'\nimport { serve } from 'faasport/lambda'\nimport { events } from 'faasport/testing'\n` +
        `export const handler = handle((req: HttpRequest) => req.path)\nexport const app = serve((_req: unknown, _res: unknown) => {})\nvoid events\n`,
    )
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
        files: ['consumer.ts'],
      }),
    )
    execFileSync(process.execPath, [tsc, '-p', dir], { cwd: scratch, encoding: 'utf8' })
  }, 60_000)
})
