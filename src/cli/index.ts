import { parseArgs } from 'node:util'
import type { AddressInfo } from 'node:net'
import { InvokeError } from '../entries/testing.js'
import { kit } from '../entries/test-kit.js'
import type { ProviderName } from '../model/invocation.js'
import type { HttpTriggerRef } from '../testing/request.js'
import { startDevServer } from './dev-server.js'
import { invokeCommand } from './invoke-command.js'
import { CliError } from './load.js'

// Every provider the test kit has, in its order (each has HTTP triggers).
const PROVIDERS: readonly ProviderName[] = [...new Set(kit.httpTriggers().map((t) => t.provider))]

const USAGE = `faasport: one handler, every FaaS

Usage:
  faasport dev <module>[#export] [--provider ${PROVIDERS.join('|')}] [--trigger NAME] [--variant NAME] [--port 3000] [--host 127.0.0.1]
      A local HTTP server that turns each request into the trigger's event, invokes the handler with a
      mock context, and turns the result back into the HTTP response. One log line per request.
      Triggers: ${kit.httpTriggers().map((t) => t.label).join(', ')}.
  faasport invoke <module>[#export] --event FILE|- [--provider ${PROVIDERS.join('|')}]
      Invokes the handler once with the event (a JSON file, or - for standard input) and prints the result.
      The provider defaults to the one whose events look like this one.

Options:
  --timeout MS   how long a handler may run, and the mock context's countdown (default 10000)
  --help         this text

The export defaults to handler, main_handler or the default export. TypeScript modules load when tsx is installed.`


function provider(value: string | undefined): ProviderName | undefined {
  if (value !== undefined && !PROVIDERS.includes(value as ProviderName)) throw new CliError(`--provider must be one of ${PROVIDERS.join(', ')}, got ${value}`)
  return value as ProviderName | undefined
}

/** The trigger `dev` plays, resolved before anything loads: a bad name is a usage error, not 502s later. */
function trigger(values: { provider?: string | undefined; trigger?: string | undefined; variant?: string | undefined }): HttpTriggerRef {
  try {
    return kit.httpTrigger({ provider: provider(values.provider), trigger: values.trigger, variant: values.variant })
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    const valid = kit.httpTriggers().map((t) => `--provider ${t.provider} --trigger ${t.trigger}${t.variant ? ` --variant ${t.variant}` : ''}`)
    throw new CliError(`${error.message.replace(/^faasport\/testing: /, '')}\nvalid triggers:\n  ${valid.join('\n  ')}`)
  }
}

/** `host:port` as it goes in a URL: an IPv6 address in brackets. */
function hostPort(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`
}

/** The value's `code` when it is an object that has one. */
function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
}

/** A whole-number option, `fallback` when absent; `max` bounds it (a port's 65535). */
function number(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a whole number, got ${value}`)
  if (n > max) throw new CliError(`${flag} must be between 0 and ${max}, got ${value}`)
  return n
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[], out = (line: string) => console.log(line), err = (line: string) => console.error(line)): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        provider: { type: 'string' },
        trigger: { type: 'string' },
        variant: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        event: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean' },
      },
    })
    const [command, spec] = positionals
    if (values.help || command === undefined) {
      out(USAGE)
      return values.help ? 0 : 1
    }
    if (!spec) throw new CliError(`${command} needs a module: faasport ${command} ./handler.js`)
    const timeoutMs = number('--timeout', values.timeout, 10_000)
    if (command === 'invoke') {
      if (!values.event) throw new CliError('invoke needs --event FILE (or --event - for standard input)')
      // The result may be out before the handler answers again; that is a failure too, told in one line.
      const late = (error: InvokeError) => {
        err(`faasport: ${error.name}: ${error.message}`)
        process.exitCode = 1
      }
      const { output, note } = await invokeCommand(spec, values.event, provider(values.provider), timeoutMs, late)
      if (note) err(`faasport: ${note}`)
      out(output)
      return 0
    }
    if (command === 'dev') {
      const chosen = trigger(values)
      const port = number('--port', values.port, 3000, 65535)
      const server = await startDevServer(spec, { trigger: chosen, port, host: values.host ?? '127.0.0.1', timeoutMs, log: out })
      const address = server.address() as AddressInfo
      out(`faasport dev: ${spec} as ${chosen.label} on http://${hostPort(address.address, address.port)}`)
      // Open connections (keep-alive clients, a request still running) must not hold the shutdown up.
      const stop = () => {
        server.close()
        server.closeAllConnections?.()
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      return await new Promise<number>((resolve) => server.once('close', () => resolve(0)))
    }
    throw new CliError(`unknown command ${command}; try faasport --help`)
  } catch (error) {
    const code = codeOf(error)
    if (error instanceof CliError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      err(`faasport: ${(error as Error).message}`)
      if (error instanceof CliError && error.detail) err(error.detail)
      return 2
    }
    // faasport's own errors (a code and a status, or the test kit's) say what is wrong; anything else gets its stack.
    const own = error instanceof InvokeError || (error instanceof Error && typeof code === 'string' && typeof (error as { status?: unknown }).status === 'number')
    err(`faasport: ${own ? `${(error as Error).name}: ${(error as Error).message}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  }
}
