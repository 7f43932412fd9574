import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { events } from '../src/entries/testing.js'

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
    ['an unknown provider', ['invoke', fixture, '--event', 'x.json', '--provider', 'azure'], /--provider must be one of aws, aliyun, tencent, got azure/],
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
function devServer(extra: string[]) {
  let child: ChildProcess
  const state = { base: '', lines: [] as string[] }
  beforeAll(async () => {
    child = spawn(process.execPath, [cli, 'dev', fixture, '--port', '0', ...extra], { cwd: root })
    state.base = await new Promise<string>((resolvePort, reject) => {
      child.once('error', reject)
      child.stdout!.setEncoding('utf8')
      child.stdout!.on('data', (text: string) => {
        state.lines.push(...text.split('\n').filter(Boolean))
        const match = /on (http:\/\/[\d.]+:\d+)/.exec(text)
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
