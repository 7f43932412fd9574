import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { request } from '../entries/testing.js'
import type { ProviderName } from '../model/invocation.js'
import { loadHandler } from './load.js'

/** Options for the local gateway. */
export interface DevServerOptions {
  provider: ProviderName
  trigger: string | undefined
  port: number
  host: string
  timeoutMs: number
  log: (line: string) => void
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function headerPairs(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (let i = 0; i < req.rawHeaders.length; i += 2) (out[req.rawHeaders[i]!] ??= []).push(req.rawHeaders[i + 1]!)
  return out
}

/**
 * A real local HTTP server that plays the gateway: each request becomes the chosen trigger's event, the
 * handler runs with a mock context, and its result becomes the HTTP response again.
 */
export async function startDevServer(spec: string, options: DevServerOptions): Promise<Server> {
  const { handler } = await loadHandler(spec)
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint()
    let status = 0
    try {
      const body = await readBody(req)
      const answer = await request(handler, {
        provider: options.provider,
        trigger: options.trigger,
        method: req.method,
        path: req.url ?? '/',
        headers: headerPairs(req),
        body: body.length > 0 ? body : undefined,
        sourceIp: req.socket.remoteAddress,
        timeoutMs: options.timeoutMs,
      })
      status = answer.status
      const headers: Record<string, string | string[]> = { ...answer.headerValues }
      if (answer.cookies.length > 0) headers['set-cookie'] = answer.cookies
      res.writeHead(answer.status, headers)
      res.end(answer.body)
    } catch (error) {
      status = 502
      const message = error instanceof Error ? error.message : String(error)
      options.log(`  handler failed: ${message}`)
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`faasport dev: the handler failed: ${message}\n`)
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      options.log(`${req.method} ${req.url} ${status} ${ms.toFixed(1)} ms`)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return server
}
