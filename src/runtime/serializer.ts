import type { Logger } from '../model/index.js'
import type { Stringify } from './result.js'

type Compile = (schema: object) => Stringify

let warned = false

/**
 * Compiles a JSON serializer for `schema` once, with fast-json-stringify (an optional peer dependency). Without
 * the peer, JSON bodies keep using `JSON.stringify`, with one warning per process.
 */
export async function compileSerializer(schema: object, logger: Logger): Promise<Stringify> {
  let compile: Compile
  try {
    const mod = (await import('fast-json-stringify')) as { default?: Compile } & Compile
    compile = typeof mod.default === 'function' ? mod.default : mod
  } catch {
    if (!warned) {
      warned = true
      logger.warn('faasport: responseSchema needs the optional peer dependency fast-json-stringify (npm i fast-json-stringify); using JSON.stringify')
    }
    return JSON.stringify
  }
  return compile(schema)
}
