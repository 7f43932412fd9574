import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { kit } from '../entries/test-kit.js'
import type { InvokeError } from '../testing/invoke.js'
import type { HttpTriggerRef, LiveAnswer } from '../testing/request.js'
import { CliError, loadHandler } from './load.js'

/** Options for the local gateway. */
export interface DevServerOptions {
  /** The trigger to play, resolved before the server starts. */
  trigger: HttpTriggerRef
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

/** Resolves once `res` can take more, or has closed; leaves no listener behind either way. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

// The gateway tells the function how the client reached it; this one is plain HTTP on a local port.
const FORWARDED = new Set(['x-forwarded-proto', 'x-forwarded-port'])

/**
 * The client's headers with every repeat kept apart: the event factories join them as the trigger's gateway
 * does, and repeated Cookie headers (curl -H twice) into one with `; `, never the `,` of other headers.
 */
function headerPairs(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!
    if (!FORWARDED.has(name.toLowerCase())) (out[name] ??= []).push(req.rawHeaders[i + 1]!)
  }
  out['X-Forwarded-Proto'] = ['http']
  out['X-Forwarded-Port'] = [String(req.socket.localPort)]
  return out
}

/**
 * A real local HTTP server that plays the gateway: each request becomes the chosen trigger's event, the
 * handler runs with a mock context, and its result becomes the HTTP response again.
 */
export async function startDevServer(spec: string, options: DevServerOptions): Promise<Server> {
  const { handler } = await loadHandler(spec)
  const { provider, trigger, variant } = options.trigger
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint()
    let status = 0
    // The response may be gone when the handler answers again; one log line then, not a crashed server.
    const late = (error: InvokeError) => options.log(`  ${req.method} ${req.url}: ${error.name}: ${error.message}`)
    // A streaming export's answer goes to the client as it comes, the way a Function URL streams it; a client
    // that goes away stops it (the app's response closes).
    let streaming = false
    const live: LiveAnswer = {
      head(code, headers, cookies) {
        streaming = true
        status = code
        const out: Record<string, string | string[]> = {}
        for (const [name, values] of Object.entries(headers)) out[name] = values.length === 1 ? values[0]! : values
        if (cookies.length > 0) out['set-cookie'] = cookies
        res.writeHead(code, out)
        res.flushHeaders()
      },
      chunk: (data) => (res.write(data) ? undefined : drained(res)),
      abort: (stop) => res.on('close', () => {
        if (!res.writableFinished) stop()
      }),
    }
    try {
      const body = await readBody(req)
      const answer = await kit.request(handler, {
        provider,
        trigger,
        variant,
        method: req.method,
        path: req.url ?? '/',
        headers: headerPairs(req),
        body: body.length > 0 ? body : undefined,
        sourceIp: req.socket.remoteAddress,
        timeoutMs: options.timeoutMs,
      }, late, live)
      status = answer.status
      if (streaming) {
        res.end()
        return
      }
      const headers: Record<string, string | string[]> = { ...answer.headerValues }
      if (answer.cookies.length > 0) headers['set-cookie'] = answer.cookies
      res.writeHead(answer.status, headers)
      res.end(answer.body)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (streaming && res.destroyed) {
        // The client went away mid-stream and the handler was stopped: nothing failed.
        options.log('  the client closed the connection; the streamed answer was stopped')
        return
      }
      status = 502
      options.log(`  handler failed: ${message}`)
      if (streaming) {
        // Part of the answer is out: the connection is cut, as Lambda ends a failed stream.
        res.destroy()
        return
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`faasport dev: the handler failed: ${message}\n`)
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      options.log(`${req.method} ${req.url} ${status} ${ms.toFixed(1)} ms`)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host} port ${options.port}`
      if (error.code === 'EADDRINUSE') reject(new CliError(`${where} is in use; pick another with --port`))
      else if (error.code === 'EACCES') reject(new CliError(`no permission to listen on ${where}; pick a port above 1023 with --port`))
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new CliError(`cannot listen on ${options.host}: no such local address (${error.code})`))
      else reject(error)
    })
    // listen() throws, rather than emitting 'error', for arguments it refuses outright (a port out of range).
    try {
      server.listen(options.port, options.host, () => resolve())
    } catch (error) {
      reject(new CliError(`cannot listen on ${options.host} port ${options.port}: ${(error as Error).message}`))
    }
  })
  return server
}
