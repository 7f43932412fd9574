import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as functions from '@google-cloud/functions-framework'
import { getTestServer } from '@google-cloud/functions-framework/testing'

// Runs entries under the real Functions Framework: registered with functions.http / functions.cloudEvent, served
// by the framework's own test server (its Express app, body parsers and middleware), called over real HTTP.

let counter = 0

/** What a client received: status, raw header lines (so repeats stay apart), body bytes. */
export interface FrameworkResponse {
  status: number
  headers: IncomingHttpHeaders
  rawHeaders: string[]
  body: Buffer
  /** Arrival time of each body chunk, in ms after the request was sent. */
  chunks: Array<{ atMs: number; data: Buffer }>
}

/** A started test server for one registered function. */
export interface FrameworkServer {
  url: string
  send(init?: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string | Buffer }): Promise<FrameworkResponse>
  close(): Promise<void>
}

async function start(name: string): Promise<FrameworkServer> {
  const server: Server = getTestServer(name)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    send(init = {}) {
      return new Promise((resolve, reject) => {
        const startedAt = Date.now()
        const req = httpRequest(url + (init.path ?? '/'), { method: init.method ?? 'GET', headers: init.headers }, (res) => {
          const chunks: Array<{ atMs: number; data: Buffer }> = []
          res.on('data', (data: Buffer) => chunks.push({ atMs: Date.now() - startedAt, data }))
          res.on('error', reject)
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks.map((c) => c.data)), chunks }))
        })
        req.on('error', reject)
        req.end(init.body)
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

/** Registers `entry` as an HTTP function and starts the framework's test server for it. */
export function httpFunction(entry: (req: any, res: any) => unknown): Promise<FrameworkServer> {
  const name = `faasport-http-${++counter}`
  functions.http(name, entry as functions.HttpFunction)
  return start(name)
}

/** Registers `entry` as a CloudEvent function and starts the framework's test server for it. */
export function cloudEventFunction(entry: (event: any, ...rest: any[]) => unknown): Promise<FrameworkServer> {
  const name = `faasport-ce-${++counter}`
  functions.cloudEvent(name, entry as functions.CloudEventFunction)
  return start(name)
}

/** The values of one response header, repeats apart. */
export function headerValues(response: FrameworkResponse, name: string): string[] {
  const out: string[] = []
  for (let i = 0; i < response.rawHeaders.length; i += 2) if (response.rawHeaders[i]!.toLowerCase() === name) out.push(response.rawHeaders[i + 1]!)
  return out
}
