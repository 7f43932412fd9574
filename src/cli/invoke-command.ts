import { readFileSync } from 'node:fs'
import { mockContext } from '../entries/testing.js'
import { kit } from '../entries/test-kit.js'
import type { LateReporter } from '../testing/invoke.js'
import type { ProviderName } from '../model/invocation.js'
import { CliError, loadHandler } from './load.js'

/** What `faasport invoke` prints: the result on standard output, and a note about it for standard error. */
export interface InvokeOutput {
  output: string
  note?: string
}

/**
 * `faasport invoke <module>[#export] --event FILE|- [--provider aws|aliyun|tencent|gcp|azure|huawei]`: the platform result.
 * Without a provider, the event's own (the one whose adapters recognise it; Lambda's when none does).
 * `late` receives a second callback or a contradicting answer that comes after the result was returned.
 */
export async function invokeCommand(
  spec: string,
  eventSource: string,
  provider: ProviderName | undefined,
  timeoutMs: number,
  late?: LateReporter,
): Promise<InvokeOutput> {
  const { handler } = await loadHandler(spec)
  const text = eventSource === '-' ? readFileSync(0, 'utf8') : readEventFile(eventSource)
  let event: unknown
  try {
    event = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new CliError(`the event ${eventSource === '-' ? 'on standard input' : eventSource} is not JSON: ${(error as Error).message}`)
  }
  const platform = provider ?? kit.providerOf(event) ?? 'aws'
  const result = await kit.invoke(handler, kit.deliver(platform, event), mockContext(platform, { timeoutMs }), {}, late)
  return show(result)
}

/** JSON for values; bytes as UTF-8 text when they are, else base64, with a note saying which. */
function show(result: unknown): InvokeOutput {
  if (!(result instanceof Uint8Array)) return { output: JSON.stringify(result, null, 2) ?? 'undefined' }
  const bytes = Buffer.from(result.buffer, result.byteOffset, result.byteLength)
  try {
    const output = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { output, note: `the result is ${bytes.length} bytes, printed as UTF-8 text` }
  } catch {
    return { output: bytes.toString('base64'), note: `the result is ${bytes.length} bytes of binary, printed as base64` }
  }
}

function readEventFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read the event file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}
