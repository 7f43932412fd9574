import { readFileSync } from 'node:fs'
import { invoke, mockContext } from '../entries/testing.js'
import type { ProviderName } from '../model/invocation.js'
import { CliError, loadHandler } from './load.js'

/** `faasport invoke <module>[#export] --event FILE|- [--provider aws|aliyun|tencent]`: prints the platform result. */
export async function invokeCommand(spec: string, eventSource: string, provider: ProviderName, timeoutMs: number): Promise<string> {
  const { handler } = await loadHandler(spec)
  const text = eventSource === '-' ? readFileSync(0, 'utf8') : readEventFile(eventSource)
  let event: unknown
  try {
    event = JSON.parse(text)
  } catch (error) {
    throw new CliError(`the event ${eventSource === '-' ? 'on standard input' : eventSource} is not JSON: ${(error as Error).message}`)
  }
  // FC delivers every event as a Buffer of JSON; the others pass objects.
  const delivered = provider === 'aliyun' ? Buffer.from(JSON.stringify(event)) : event
  const result = await invoke(handler as Parameters<typeof invoke>[0], delivered, mockContext(provider), { timeoutMs })
  return JSON.stringify(result, null, 2) ?? 'undefined'
}

function readEventFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read the event file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}
