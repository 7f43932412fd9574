import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { join, resolve } from 'node:path'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { listen } from '../../src/index.js'

// Graceful shutdown: stop accepting, finish what is in flight, close every connection as soon as it is done.

const root = resolve(__dirname, '..', '..')

interface Exchange {
  /** Everything received. */
  text: () => string
  /** When the server closed the connection (ms since the epoch). */
  closed: Promise<number>
}

/** A raw keep-alive request: the connection stays open after the response unless the server closes it. */
function keepAlive(port: number, path: string): Exchange {
  const socket = connect(port, '127.0.0.1')
  let text = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (text += chunk))
  socket.on('error', () => {})
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`)
  return { text: () => text, closed: new Promise((r) => socket.once('close', () => r(Date.now()))) }
}

const until = (check: () => boolean) =>
  new Promise<void>((r) => {
    const poll = setInterval(() => check() && (clearInterval(poll), r()), 5)
  })

describe('close()', () => {
  it('closes an idle keep-alive connection at once and a streaming one right after its response', async () => {
    const app = express()
    app.get('/quick', (_req, res) => res.send('ok'))
    app.get('/stream', (_req, res) => {
      res.write('first,')
      setTimeout(() => res.end('last'), 300)
    })
    const server = await listen(app, { port: 0, host: '127.0.0.1', handleSignals: false })
    const idle = keepAlive(server.port, '/quick')
    await until(() => idle.text().endsWith('ok'))
    const stream = keepAlive(server.port, '/stream')
    await until(() => stream.text().includes('first,'))

    const start = Date.now()
    const closed = server.close().then(() => Date.now())
    // Node's keep-alive timeout is 5 s: both connections must close long before it.
    expect((await idle.closed) - start).toBeLessThan(200)
    const streamClosed = await stream.closed
    expect(stream.text()).toMatch(/first,\r\n4\r\nlast\r\n0\r\n\r\n$/)
    expect(streamClosed - start).toBeGreaterThanOrEqual(250)
    expect(streamClosed - start).toBeLessThan(1500)
    expect((await closed) - start).toBeLessThan(1500)
  })

  it('an in-flight request on a keep-alive connection is answered with connection: close, then the connection closes', async () => {
    const app = express()
    app.get('/slow', (_req, res) => setTimeout(() => res.send('done'), 200))
    const server = await listen(app, { port: 0, host: '127.0.0.1', handleSignals: false })
    const slow = keepAlive(server.port, '/slow')
    await new Promise((r) => setTimeout(r, 50))
    const start = Date.now()
    await server.close()
    expect(Date.now() - start).toBeLessThan(1500)
    await slow.closed
    expect(slow.text()).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(slow.text().toLowerCase()).toContain('connection: close')
    expect(slow.text()).toMatch(/done$/)
  })
})

function startFixture(file: string) {
  const child = spawn(process.execPath, [join(root, 'test', 'fixtures', 'listen', file)], { cwd: root })
  const output: string[] = []
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (text: string) => output.push(text))
  const ports = new Promise<number[]>((resolvePorts, reject) => {
    child.stdout.on('data', () => {
      const match = /listening ([\d ]+)/.exec(output.join(''))
      if (match) resolvePorts(match[1]!.trim().split(' ').map(Number))
    })
    child.once('error', reject)
    setTimeout(() => reject(new Error(`server did not start: ${output.join('')}`)), 10_000)
  })
  const exited = new Promise<[number | null, number]>((r) => child.once('exit', (code) => r([code, Date.now()])))
  return { child, output, ports, exited }
}

describe('SIGTERM', () => {
  it('stops accepting, finishes the in-flight request, then exits 0', async () => {
    const { child, output, ports, exited } = startFixture('server.mjs')
    const [port] = await ports
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => [r.status, await r.json()])
    await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGTERM')
    expect(await inFlight).toEqual([200, { path: '/slow' }])
    expect((await exited)[0]).toBe(0)
    expect(output.join('')).toContain('SIGTERM: finishing in-flight requests, then exiting')
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  }, 20_000)

  it('with several servers in one process, waits for all of them before exiting', async () => {
    const { child, output, ports, exited } = startFixture('two-servers.mjs')
    const [quick, long] = await ports
    const answered = (port: number) => fetch(`http://127.0.0.1:${port}/work`).then(async (r) => [r.status, await r.json(), Date.now()] as const)
    const quickAnswer = answered(quick!)
    const longAnswer = answered(long!)
    await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGTERM')
    const [[, quickBody], [longStatus, longBody, longAt], [code, exitAt]] = await Promise.all([quickAnswer, longAnswer, exited])
    expect(quickBody).toEqual({ path: '/work', ms: 200 })
    expect([longStatus, longBody]).toEqual([200, { path: '/work', ms: 1200 }])
    expect(code).toBe(0)
    expect(exitAt).toBeGreaterThanOrEqual(longAt - 50)
    expect(output.join('').match(/SIGTERM: finishing in-flight requests/g)).toHaveLength(2)
  }, 20_000)
})
