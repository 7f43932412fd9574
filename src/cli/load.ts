import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** A CLI failure with a message meant for the user (no stack). */
export class CliError extends Error {
  override name = 'CliError'
}

const HANDLER_EXPORTS = ['handler', 'main_handler', 'default']

/**
 * Loads `module[#export]`: a path to a JavaScript or (with `tsx` installed) TypeScript file. Without `#export`
 * it takes `handler`, `main_handler` or the default export, in that order.
 */
export async function loadHandler(spec: string, cwd = process.cwd()): Promise<{ handler: (...args: any[]) => unknown; name: string; file: string }> {
  const hash = spec.lastIndexOf('#')
  const file = resolve(cwd, hash === -1 ? spec : spec.slice(0, hash))
  const wanted = hash === -1 ? undefined : spec.slice(hash + 1)
  if (!existsSync(file)) throw new CliError(`cannot find module ${file}`)
  if (/\.(c|m)?tsx?$/.test(file)) await registerTypeScript(file)
  let mod: Record<string, unknown>
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    throw new CliError(`cannot load ${file}: ${(error as Error).message}`)
  }
  const names = wanted ? [wanted] : HANDLER_EXPORTS
  const name = names.find((n) => mod[n] !== undefined)
  const exported = Object.keys(mod).filter((k) => k !== '__esModule')
  if (name === undefined) {
    const looked = wanted ? `no export "${wanted}"` : `no export named ${HANDLER_EXPORTS.join(', ')}`
    throw new CliError(`${file} has ${looked}; it exports: ${exported.join(', ') || 'nothing'}`)
  }
  let handler = mod[name]
  // A CommonJS module imported from ESM puts module.exports on `default`.
  if (name === 'default' && typeof handler === 'object' && handler !== null) {
    const inner = HANDLER_EXPORTS.find((n) => typeof (handler as Record<string, unknown>)[n] === 'function')
    if (inner) handler = (handler as Record<string, unknown>)[inner]
  }
  if (typeof handler !== 'function') throw new CliError(`${file} exports "${name}" but it is ${handler === null ? 'null' : typeof handler}, not a function`)
  return { handler: handler as (...args: any[]) => unknown, name, file }
}

async function registerTypeScript(file: string): Promise<void> {
  try {
    const api = (await import('tsx/esm/api' as string)) as { register(): unknown }
    api.register()
  } catch {
    throw new CliError(`${file} is TypeScript: install tsx (npm i -D tsx) to load it, or point at the compiled JavaScript`)
  }
}
