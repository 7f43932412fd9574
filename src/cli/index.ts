import { parseArgs } from 'node:util'
import type { AddressInfo } from 'node:net'
import type { ProviderName } from '../model/invocation.js'
import { startDevServer } from './dev-server.js'
import { invokeCommand } from './invoke-command.js'
import { CliError } from './load.js'

const USAGE = `faasport: one handler, every FaaS

Usage:
  faasport dev <module>[#export] [--provider aws|aliyun|tencent] [--trigger NAME] [--port 3000] [--host 127.0.0.1]
      A local HTTP server that turns each request into the provider's event, invokes the handler with a
      mock context, and turns the result back into the HTTP response. One log line per request.
  faasport invoke <module>[#export] --event FILE|- [--provider aws|aliyun|tencent]
      Invokes the handler once with the event (a JSON file, or - for standard input) and prints the result.

Options:
  --timeout MS   how long a handler may run (default 10000)
  --help         this text

The export defaults to handler, main_handler or the default export. TypeScript modules load when tsx is installed.`

const PROVIDERS: readonly ProviderName[] = ['aws', 'aliyun', 'tencent']

function provider(value: string | undefined): ProviderName {
  const name = (value ?? 'aws') as ProviderName
  if (!PROVIDERS.includes(name)) throw new CliError(`--provider must be one of ${PROVIDERS.join(', ')}, got ${value}`)
  return name
}

function number(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a whole number, got ${value}`)
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
      out(await invokeCommand(spec, values.event, provider(values.provider), timeoutMs))
      return 0
    }
    if (command === 'dev') {
      const server = await startDevServer(spec, {
        provider: provider(values.provider),
        trigger: values.trigger,
        port: number('--port', values.port, 3000),
        host: values.host ?? '127.0.0.1',
        timeoutMs,
        log: out,
      })
      const { port, address } = server.address() as AddressInfo
      out(`faasport dev: ${spec} as ${values.provider ?? 'aws'}${values.trigger ? `/${values.trigger}` : ''} on http://${address}:${port}`)
      const stop = () => server.close(() => process.exit(0))
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      return await new Promise<number>((resolve) => server.once('close', () => resolve(0)))
    }
    throw new CliError(`unknown command ${command}; try faasport --help`)
  } catch (error) {
    if (error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`faasport: ${(error as Error).message}`)
      return 2
    }
    // faasport's own typed errors say what is wrong; anything else gets its stack.
    const typed = typeof (error as { code?: unknown }).code === 'string' && error instanceof Error
    err(`faasport: ${typed ? `${error.name}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  }
}
