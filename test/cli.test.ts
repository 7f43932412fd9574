import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { events } from '../src/entries/testing.js'
import { main } from '../src/cli/index.js'
import { startDevServer } from '../src/cli/dev-server.js'
import { CliError } from '../src/cli/load.js'
import { kit } from '../src/entries/test-kit.js'

// The `faasport` command as users run it: the built binary in a child process.

const root = resolve(__dirname, '..')
const cli = join(root, 'dist', 'cli.js')
const fixture = join(root, 'test', 'fixtures', 'cli', 'handler.mjs')
const run = promisify(execFile)
const scratch = mkdtempSync(join(tmpdir(), 'faasport-cli-'))

async function faasport(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' })
  if (input !== undefined) {
    child.child.stdin!.end(input)
  }
  try {
    const { stdout, stderr } = await child
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('faasport invoke', () => {
  it('prints the platform result for an event file', async () => {
    const file = join(scratch, 'event.json')
    writeFileSync(file, JSON.stringify(events.aws.apiGatewayV1({ path: '/items?x=1' })))
    const { code, stdout } = await faasport(['invoke', fixture, '--event', file])
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body)).toMatchObject({ path: '/items', query: { x: '1' }, trigger: 'apigw-v1' })
  })

  it('reads the event from standard input with --event -', async () => {
    const { stdout } = await faasport(['invoke', `${fixture}#handler`, '--event', '-'], JSON.stringify(events.aws.functionUrl({ path: '/stdin' })))
    expect(JSON.parse(JSON.parse(stdout).body).trigger).toBe('function-url')
  })

  it('loads TypeScript handlers through tsx', async () => {
    const file = join(scratch, 'ts-event.json')
    writeFileSync(file, JSON.stringify(events.aws.apiGatewayV2()))
    const { code, stdout, stderr } = await faasport(['invoke', join(root, 'test', 'fixtures', 'cli', 'handler.ts'), '--event', file])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(JSON.parse(JSON.parse(stdout).body)).toEqual({ greeting: 'typed' })
  })

  it.each([
    ['a missing module', ['invoke', 'no/such/module.js', '--event', 'x.json'], /cannot find module .*no\/such\/module\.js/],
    ['a missing export', ['invoke', `${fixture}#nope`, '--event', 'x.json'], /has no export "nope"; it exports: handler, listener, notAFunction/],
    ['an export that is not a function', ['invoke', `${fixture}#notAFunction`, '--event', 'x.json'], /exports "notAFunction" but it is number, not a function/],
    ['a missing event file', ['invoke', fixture, '--event', 'no-such-event.json'], /cannot read the event file no-such-event\.json: ENOENT/],
    ['an unknown provider', ['invoke', fixture, '--event', 'x.json', '--provider', 'oracle'], /--provider must be one of aws, aliyun, tencent, gcp, azure, huawei, got oracle/],
    ['no --event', ['invoke', fixture], /invoke needs --event FILE/],
    ['an unknown command', ['deploy', fixture], /unknown command deploy/],
  ])('fails clearly on %s', async (_what, args, message) => {
    const { code, stderr } = await faasport(args)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
  })

  it('fails clearly on an event file that is not JSON', async () => {
    const file = join(scratch, 'broken.json')
    writeFileSync(file, '{ "almost": ')
    const { code, stderr } = await faasport(['invoke', fixture, '--event', file])
    expect(code).toBe(2)
    expect(stderr).toMatch(/the event .*broken\.json is not JSON/)
  })

  it('reports an event nothing recognises with the typed error, not a stack', async () => {
    const { code, stderr } = await faasport(['invoke', fixture, '--event', '-'], '{"hello":"world"}')
    expect(code).toBe(1)
    expect(stderr).toMatch(/^faasport: UnsupportedEventError: faasport: no adapter recognises this event \(an object with keys: hello\)/)
    expect(stderr).not.toContain('    at ')
  })
})

/** Starts `faasport dev` on a free port and collects its log lines. */
function devServer(extra: string[], module = fixture) {
  let child: ChildProcess
  const state = { base: '', lines: [] as string[] }
  beforeAll(async () => {
    child = spawn(process.execPath, [cli, 'dev', module, '--port', '0', ...extra], { cwd: root })
    state.base = await new Promise<string>((resolvePort, reject) => {
      child.once('error', reject)
      child.stdout!.setEncoding('utf8')
      child.stdout!.on('data', (text: string) => {
        state.lines.push(...text.split('\n').filter(Boolean))
        const match = /on (http:\/\/\S+:\d+)$/m.exec(text)
        if (match) resolvePort(match[1]!)
      })
      setTimeout(() => reject(new Error(`dev server did not start: ${state.lines.join('\n')}`)), 15_000)
    })
  }, 20_000)
  afterAll(() => {
    child?.kill('SIGTERM')
  })
  return state
}

describe('faasport dev', () => {
  const server = devServer([])

  it('turns real HTTP requests into events and results into responses', async () => {
    const res = await fetch(`${server.base}/echo?a=1&a=2`, { method: 'POST', body: new Uint8Array([9, 8, 7]), headers: [['x-repeat', 'one'], ['x-repeat', 'two']] })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ method: 'POST', path: '/echo', query: { a: ['1', '2'] }, body: Buffer.from([9, 8, 7]).toString('base64'), trigger: 'apigw-v2' })
    expect(body.repeated).toBe('one, two')
  })

  it('returns binary bodies byte for byte and every cookie', async () => {
    const bytes = await fetch(`${server.base}/bytes`)
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 255])
    const cookies = await fetch(`${server.base}/cookies`)
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
  })

  it('logs one line per request with method, path, status and duration', async () => {
    await fetch(`${server.base}/fail`)
    await new Promise((r) => setTimeout(r, 100))
    expect(server.lines.some((l) => /^GET \/fail 500 \d+\.\d ms$/.test(l))).toBe(true)
    expect(server.lines.some((l) => /^POST \/echo\?a=1&a=2 200 \d+\.\d ms$/.test(l))).toBe(true)
  })
})

describe('faasport dev with a stream: true export', () => {
  // The handler waits at /after-one until the client has read its first chunk, so the test only passes when
  // the dev server forwards the answer as it comes; /stopped is hit when the client's leaving stopped it.
  const hits: string[] = []
  let release: (() => void) | undefined
  const gateServer = createServer((req, res) => {
    hits.push(req.url ?? '')
    if (req.url === '/after-one') release = () => res.end()
    else res.end()
  })
  beforeAll(async () => {
    await new Promise<void>((done) => gateServer.listen(0, '127.0.0.1', () => done()))
    process.env.FAASPORT_TEST_GATE = `http://127.0.0.1:${(gateServer.address() as AddressInfo).port}`
  })
  afterAll(() => {
    gateServer.close()
    delete process.env.FAASPORT_TEST_GATE
  })
  const server = devServer(['--trigger', 'function-url'], `${fixture}#stream`)

  it('forwards the answer live, as a Function URL streams it, and stops it when the client leaves', async () => {
    const controller = new AbortController()
    const res = await fetch(`${server.base}/events`, { signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.getSetCookie()).toEqual(['s=1', 't=2'])
    const reader = res.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n')
    await expect.poll(() => release).toBeDefined()
    release!()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('data: tick')
    controller.abort()
    await expect.poll(() => hits, { timeout: 5000 }).toContain('/stopped')
  })
})

// FC 3.0 and FC's API Gateway results have one value per header, so only the first Set-Cookie reaches the
// client there (faasport warns); FC 2.0's resp and SCF's results take them all.
// FC 3.0 joins repeated query values with commas and keeps no raw query string, so `a=1&a=2` reaches the
// handler as `"1,2"` there, as it would when deployed.
const both = ['a=1; Path=/', 'b=2; Path=/']
describe.each([
  { provider: 'aliyun', trigger: 'http-v3', cookies: both.slice(0, 1), a: '1,2' },
  { provider: 'aliyun', trigger: 'apigw', cookies: both.slice(0, 1), a: ['1', '2'] },
  { provider: 'aliyun', trigger: 'http-v2', cookies: both, a: ['1', '2'] },
  { provider: 'tencent', trigger: 'apigw', cookies: both, a: ['1', '2'] },
  { provider: 'tencent', trigger: 'function-url', cookies: both, a: ['1', '2'] },
])('faasport dev --provider $provider ($trigger)', ({ provider, trigger, cookies, a }) => {
  const server = devServer(['--provider', provider, '--trigger', trigger])

  it('plays that gateway: the handler sees its trigger, the request and the body; the client gets the answer', async () => {
    const res = await fetch(`${server.base}/echo?a=1&a=2`, { method: 'POST', body: new Uint8Array([9, 8, 7]), headers: [['x-repeat', 'one'], ['x-repeat', 'two']] })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ method: 'POST', path: '/echo', query: { a }, body: Buffer.from([9, 8, 7]).toString('base64'), trigger })
  })

  it('returns binary bodies byte for byte, and the cookies that gateway can carry', async () => {
    const bytes = await fetch(`${server.base}/bytes`)
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 255])
    const res = await fetch(`${server.base}/cookies`)
    expect(res.headers.getSetCookie()).toEqual(cookies)
  })
})

/** Writes a module into the scratch folder and returns its path. */
function scratchModule(name: string, source: string): string {
  const file = join(scratch, name)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, source)
  return file
}

describe('faasport invoke: handlers that misbehave', () => {
  const event = () => {
    const file = join(scratch, 'v2-event.json')
    writeFileSync(file, JSON.stringify(events.aws.apiGatewayV2()))
    return file
  }

  it('fails a handler that never finishes with a timeout (exit 1), instead of exiting quietly', async () => {
    const hang = scratchModule('hang.mjs', 'export const handler = () => new Promise(() => {})\nexport const silent = (e, c, cb) => {}\n')
    for (const spec of [hang, `${hang}#silent`]) {
      const { code, stdout, stderr } = await faasport(['invoke', spec, '--event', event(), '--timeout', '200'])
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toMatch(/^faasport: InvokeError: the handler did not finish within \d+ ms/)
    }
  })

  it('reports an error whose code is not a string with its stack', async () => {
    const numeric = scratchModule('numeric-code.mjs', "export const handler = async () => { throw Object.assign(new Error('grpc failed'), { code: 14 }) }\n")
    const { code, stderr } = await faasport(['invoke', numeric, '--event', event()])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^faasport: Error: grpc failed\n\s+at handler \(file:\/\/.*numeric-code\.mjs:1:/)
    const coded = scratchModule('string-code.mjs', "export const handler = async () => { throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }\n")
    expect((await faasport(['invoke', coded, '--event', event()])).stderr).toMatch(/^faasport: Error: refused\n\s+at handler/)
  })

  it('exits once the result is printed, even when the module keeps a handle open', async () => {
    const pool = scratchModule('open-handle.mjs', 'setInterval(() => {}, 1000)\nexport const handler = async () => ({ ok: true })\n')
    const started = Date.now()
    const { code, stdout } = await faasport(['invoke', pool, '--event', event()])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({ ok: true })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('prints a Buffer result as its text, or as base64 when it is binary, and says so', async () => {
    const bytes = scratchModule('bytes.mjs', "export const text = async () => Buffer.from('héllo')\nexport const binary = async () => Buffer.from([0, 255])\n")
    const text = await faasport(['invoke', `${bytes}#text`, '--event', event()])
    expect(text.stdout).toBe('héllo\n')
    expect(text.stderr).toBe('faasport: the result is 6 bytes, printed as UTF-8 text\n')
    const binary = await faasport(['invoke', `${bytes}#binary`, '--event', event()])
    expect(binary.stdout).toBe('AP8=\n')
    expect(binary.stderr).toBe('faasport: the result is 2 bytes of binary, printed as base64\n')
  })

  it('calls the handler as the event’s platform does when --provider is left out', async () => {
    const raw = scratchModule('raw.mjs', "export const handler = async (event, context) => ({ buffer: Buffer.isBuffer(event), fcContext: typeof context.function?.timeout === 'number' })\n")
    const file = join(scratch, 'fc-event.json')
    writeFileSync(file, events.aliyun.httpV3({ path: '/fc' }))
    expect(JSON.parse((await faasport(['invoke', raw, '--event', file])).stdout)).toEqual({ buffer: true, fcContext: true })
    expect(JSON.parse((await faasport(['invoke', raw, '--event', event()])).stdout)).toEqual({ buffer: false, fcContext: false })
  })
})

describe('faasport invoke: paths and files', () => {
  it('takes a path with # in a folder name as the file, and reads an event file with a byte order mark', async () => {
    const entry = scratchModule('a#b/handler.mjs', 'export const handler = async (event) => ({ got: event.rawPath })\n')
    const file = join(scratch, 'bom-event.json')
    writeFileSync(file, '\uFEFF' + JSON.stringify(events.aws.apiGatewayV2({ path: '/bom' })))
    const { code, stdout } = await faasport(['invoke', entry, '--event', file])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({ got: '/bom' })
  })
})

describe('faasport invoke: modules that fail to load', () => {
  const event = join(scratch, 'load-event.json')
  beforeAll(() => writeFileSync(event, JSON.stringify(events.aws.apiGatewayV2())))

  it('prints the stack of a module that throws while loading, naming the file that threw (exit 2)', async () => {
    scratchModule('load/lib-throws.mjs', "export const config = JSON.parse(process.env.NO_SUCH_CONFIG ?? 'nope')\n")
    const entry = scratchModule('load/uses-throw.mjs', "import { config } from './lib-throws.mjs'\nexport const handler = () => config\n")
    const { code, stderr } = await faasport(['invoke', entry, '--event', event])
    expect(code).toBe(2)
    expect(stderr).toContain(`faasport: cannot load ${entry}: it (or a module it imports) failed while loading:`)
    expect(stderr).toMatch(/SyntaxError: Unexpected token .*\n\s+at JSON\.parse.*\n\s+at file:\/\/.*lib-throws\.mjs:1:/)
  })

  it('names the file and line of a syntax error in an imported module', async () => {
    scratchModule('load/lib-bad.mjs', 'export const x = 1\nexport const y = {\n')
    const entry = scratchModule('load/uses-bad.mjs', "import { x } from './lib-bad.mjs'\nexport const handler = () => x\n")
    const { code, stderr } = await faasport(['invoke', entry, '--event', event])
    expect(code).toBe(2)
    expect(stderr).toMatch(/file:\/\/.*lib-bad\.mjs:3\b[\s\S]*SyntaxError: Unexpected end of input/)
  })

  it('keeps one line for a package that is not installed', async () => {
    const entry = scratchModule('load/missing-dep.mjs', "import 'no-such-package-anywhere'\nexport const handler = () => 1\n")
    const { code, stderr } = await faasport(['invoke', entry, '--event', event])
    expect(code).toBe(2)
    expect(stderr.trim()).toMatch(/^faasport: cannot load .*missing-dep\.mjs: Cannot find package 'no-such-package-anywhere' imported from .*missing-dep\.mjs$/)
  })
})

describe('faasport invoke: TypeScript in a CommonJS package', () => {
  it('loads a .ts handler whose package is CommonJS, and the TypeScript it requires', async () => {
    scratchModule('cjs-project/package.json', JSON.stringify({ name: 'cjs-project', type: 'commonjs' }))
    scratchModule('cjs-project/util.ts', 'export const greet = (name: string): string => `hi ${name}`\n')
    const entry = scratchModule('cjs-project/handler.ts', "import { greet } from './util'\nexport const handler = async (_event: unknown) => ({ statusCode: 200, body: greet('cjs') })\n")
    const file = join(scratch, 'cjs-event.json')
    writeFileSync(file, JSON.stringify(events.aws.apiGatewayV2()))
    const { code, stdout, stderr } = await faasport(['invoke', entry, '--event', file])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({ statusCode: 200, body: 'hi cjs' })
  })
})

describe('faasport dev: choosing the trigger', () => {
  it('refuses an unknown trigger at startup (exit 2), listing the valid ones', async () => {
    const { code, stdout, stderr } = await faasport(['dev', fixture, '--port', '0', '--trigger', 'nope'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^faasport: no provider has an HTTP trigger "nope"; have aws\/apigw-v2/)
    expect(stderr).toContain('--provider aws --trigger alb --variant multi-value')
    expect(stderr).toContain('--provider tencent --trigger function-url')
    const variant = await faasport(['dev', fixture, '--port', '0', '--trigger', 'alb', '--variant', 'nope'])
    expect(variant.code).toBe(2)
    expect(variant.stderr).toMatch(/^faasport: aws has no HTTP trigger "alb" variant nope; have apigw-v2, apigw-v1, function-url, alb, alb \(variant multi-value\)/)
  })

  it('says so in one line when the port is taken', async () => {
    const taken = createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()))
    const { port } = taken.address() as AddressInfo
    try {
      const { code, stderr } = await faasport(['dev', fixture, '--port', String(port)])
      expect(code).toBe(2)
      expect(stderr).toBe(`faasport: 127.0.0.1 port ${port} is in use; pick another with --port\n`)
    } finally {
      taken.close()
    }
  })

  it.each(['99999', '65536'])('refuses --port %s in one line (exit 2), as other usage errors', async (port) => {
    const { code, stdout, stderr } = await faasport(['dev', fixture, '--port', port])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`faasport: --port must be between 0 and 65535, got ${port}\n`)
  })

  it('turns a port listen() refuses outright into a usage error, not a RangeError', async () => {
    const start = startDevServer(fixture, { trigger: kit.httpTrigger({}), port: 70_000, host: '127.0.0.1', timeoutMs: 1000, log: () => {} })
    await expect(start).rejects.toThrow(CliError)
    await expect(start).rejects.toThrow(/^cannot listen on 127\.0\.0\.1 port 70000: .*65536/)
  })

  it('says so in one line when the host is not a local address', async () => {
    const { code, stderr } = await faasport(['dev', fixture, '--port', '0', '--host', '192.0.2.1'])
    expect(code).toBe(2)
    expect(stderr).toBe('faasport: cannot listen on 192.0.2.1: no such local address (EADDRNOTAVAIL)\n')
  })

  describe('--trigger alb --variant multi-value', () => {
    const server = devServer(['--trigger', 'alb', '--variant', 'multi-value'])

    it('plays ALB with multi-value headers: every cookie reaches the client', async () => {
      expect(server.lines[0]).toMatch(/ as aws\/alb \(multi-value\) on http:/)
      const res = await fetch(`${server.base}/cookies`)
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    })
  })

  describe('--trigger http-v3 (the provider inferred)', () => {
    const server = devServer(['--trigger', 'http-v3'])

    it('plays FC 3.0', async () => {
      expect(server.lines[0]).toMatch(/ as aliyun\/http-v3 on http:/)
      expect(((await (await fetch(`${server.base}/echo`)).json()) as { trigger: string }).trigger).toBe('http-v3')
    })

    it('passes every cookie of a Cookie header sent twice (curl -H twice), not one cookie holding a comma', async () => {
      // fetch() and Node's client join cookies into one header themselves; a raw request keeps the two.
      const { hostname, port } = new URL(server.base)
      const head = ['GET /echo HTTP/1.0', `Host: ${hostname}:${port}`, 'Cookie: a=1', 'Cookie: b=2', '', ''].join('\r\n')
      const response = await new Promise<string>((resolveText, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(head))
        let text = ''
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolveText(text)).on('error', reject)
      })
      expect(response).toMatch(/^HTTP\/1\.1 200 /)
      expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)).cookies).toEqual({ a: '1', b: '2' })
    })
  })

  describe('--host ::1', () => {
    const server = devServer(['--host', '::1'])

    it('prints the IPv6 address in brackets, as a URL has it', async () => {
      expect(server.base).toMatch(/^http:\/\/\[::1\]:\d+$/)
      expect((await fetch(`${server.base}/echo`)).status).toBe(200)
    })
  })
})

describe('faasport dev: what the handler sees', () => {
  const raw = scratchModule(
    'raw-event.mjs',
    `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ body: event.body ?? null, isBase64Encoded: event.isBase64Encoded, cookies: event.cookies ?? null, cookieHeader: event.headers.cookie ?? null }) })\n`,
  )
  const server = devServer([], raw)

  it('a textual body arrives as a string, a binary one as base64', async () => {
    const json = await (await fetch(`${server.base}/`, { method: 'POST', body: '{"a":"é"}', headers: { 'content-type': 'application/json' } })).json()
    expect(json).toMatchObject({ body: '{"a":"é"}', isBase64Encoded: false })
    const png = await (await fetch(`${server.base}/`, { method: 'POST', body: new Uint8Array([0, 255]), headers: { 'content-type': 'image/png' } })).json()
    expect(png).toMatchObject({ body: 'AP8=', isBase64Encoded: true })
  })

  it('a client Cookie header arrives in cookies[], as HTTP APIs deliver it', async () => {
    const res = await (await fetch(`${server.base}/`, { headers: { cookie: 'a=1; b=2' } })).json()
    expect(res).toMatchObject({ cookies: ['a=1', 'b=2'], cookieHeader: null })
  })
})

describe('faasport dev: the forwarded headers', () => {
  const server = devServer([])

  it('say plain http and the real port, whatever the client claims', async () => {
    const port = new URL(server.base).port
    const res = (await (await fetch(`${server.base}/echo`, { headers: { 'x-forwarded-proto': 'https' } })).json()) as { forwarded: unknown }
    expect(res.forwarded).toEqual({ proto: 'http', port })
  })
})

describe('faasport dev: a handler that answers again after its response went out', () => {
  const twice = scratchModule(
    'answers-twice.mjs',
    "export const handler = (event, context, cb) => { cb(null, { statusCode: 200, body: 'first' }); setTimeout(() => cb(null, { statusCode: 200, body: 'second' }), 20) }\n",
  )
  const server = devServer([], twice)

  it('logs it in one line and keeps serving', async () => {
    expect(await (await fetch(`${server.base}/twice`)).text()).toBe('first')
    await new Promise((r) => setTimeout(r, 200))
    expect(server.lines).toContain('  GET /twice: InvokeError: the handler called its callback 2 times, the last after invoke() had returned its result')
    expect(await (await fetch(`${server.base}/again`)).text()).toBe('first')
  })
})

describe('faasport invoke: a handler that answers again after its result was printed', () => {
  it('prints the problem in one line and makes the exit code 1', async () => {
    const late = scratchModule('late-invoke.mjs', "export const handler = (event, context, cb) => { cb(null, 'first'); setTimeout(() => cb(null, 'second'), 20) }\n")
    const file = join(scratch, 'late-event.json')
    writeFileSync(file, JSON.stringify(events.aws.apiGatewayV2()))
    const out: string[] = []
    const err: string[] = []
    // In-process: the binary exits as soon as the result is out, usually before a late call can come.
    const saved = process.exitCode
    try {
      expect(await main(['invoke', late, '--event', file], (l) => out.push(l), (l) => err.push(l))).toBe(0)
      await new Promise((r) => setTimeout(r, 100))
      expect(out).toEqual(['"first"'])
      expect(err).toEqual(['faasport: InvokeError: the handler called its callback 2 times, the last after invoke() had returned its result'])
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = saved
    }
  })
})
