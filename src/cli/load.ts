import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** A CLI failure with a message meant for the user; `detail` (a stack, a source location) follows it when set. */
export class CliError extends Error {
  override name = 'CliError'
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message)
  }
}

const HANDLER_EXPORTS = ['handler', 'main_handler', 'default']

// A module or package that is not there: the message names it and the importer, one line says it all.
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT', 'ERR_UNKNOWN_FILE_EXTENSION'])

/**
 * Loads `module[#export]`: a path to a JavaScript or (with `tsx` installed) TypeScript file. Without `#export`
 * it takes `handler`, `main_handler` or the default export, in that order.
 */
export async function loadHandler(spec: string, cwd = process.cwd()): Promise<{ handler: (...args: any[]) => unknown; name: string; file: string }> {
  // `#export` picks an export, unless the whole spec is a file (a folder may have # in its name).
  const hash = existsSync(resolve(cwd, spec)) ? -1 : spec.lastIndexOf('#')
  const file = resolve(cwd, hash === -1 ? spec : spec.slice(0, hash))
  const wanted = hash === -1 ? undefined : spec.slice(hash + 1)
  if (!existsSync(file)) throw new CliError(`cannot find module ${file}`)
  const typescript = /\.(c|m)?tsx?$/.test(file)
  if (typescript) await registerTypeScript(file)
  let mod: Record<string, unknown>
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    throw loadError(file, error, typescript)
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

// A stack line pointing into a file (not into node:internal), or a first line `/path/file.js:2`.
const NAMES_A_FILE = /^(?:file:\/\/|\/|[A-Za-z]:\\)\S*:\d+|\bat (?:.*\()?(?:file:\/\/|\/|[A-Za-z]:\\)/m

/**
 * The error for a module that failed to load: one line for a module that is not there; otherwise the stack,
 * which names the file and line that threw (the module itself or anything it imports).
 */
function loadError(file: string, error: unknown, typescript: boolean): CliError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (typeof code === 'string' && NOT_FOUND.has(code)) return new CliError(`cannot load ${file}: ${message}`)
  let detail = error instanceof Error ? (error.stack ?? message) : String(error)
  // Node leaves the file and line out of the stack of a syntax error in an ES module.
  if (error instanceof SyntaxError && !typescript && !NAMES_A_FILE.test(detail)) detail = syntaxErrorLocation(file) ?? detail
  return new CliError(`cannot load ${file}: it (or a module it imports) failed while loading:`, detail)
}

/**
 * Finds where an ES module graph has a syntax error: Node prints the location when the error goes uncaught,
 * so the module is imported once more in a child process. Nothing of it runs: a syntax error stops the
 * graph before any module is evaluated.
 */
function syntaxErrorLocation(file: string): string | undefined {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`], {
    encoding: 'utf8',
    timeout: 10_000,
  })
  const report = child.stderr?.replace(/\n+Node\.js v[\d.]+\s*$/, '').replace(/\n{3,}/g, '\n\n').trim()
  return report && /SyntaxError/.test(report) ? report : undefined
}

/** Imports a tsx API from the handler's project, or from beside faasport. */
async function importTsx(file: string, subpath: string): Promise<{ register(): unknown }> {
  try {
    const pkg = createRequire(file).resolve('tsx/package.json')
    const entry = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports[`./${subpath}`]!.import.default
    return (await import(pathToFileURL(join(dirname(pkg), entry)).href)) as { register(): unknown }
  } catch {
    return (await import(`tsx/${subpath}`)) as { register(): unknown }
  }
}

// Both hooks: the ESM one loads the module, the CommonJS one what a CommonJS package's files require.
async function registerTypeScript(file: string): Promise<void> {
  try {
    ;(await importTsx(file, 'esm/api')).register()
    ;(await importTsx(file, 'cjs/api')).register()
  } catch {
    throw new CliError(`${file} is TypeScript: install tsx (npm i -D tsx) to load it, or point at the compiled JavaScript`)
  }
}
