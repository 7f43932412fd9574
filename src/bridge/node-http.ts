import type * as Http from 'node:http'

type HttpModule = typeof Http
let loaded: HttpModule | Promise<HttpModule> | undefined

/**
 * `node:http`, loaded only when a Node app is served, so plain handlers never pay for it. Synchronous where
 * the runtime offers `process.getBuiltinModule` (Node 20.16+), a promise otherwise.
 */
export function loadHttp(): HttpModule | Promise<HttpModule> {
  if (loaded === undefined) {
    const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule
    loaded = typeof get === 'function' ? (get('node:http') as HttpModule) : import('node:http')
    if (loaded instanceof Promise) void loaded.then((mod) => (loaded = mod))
  }
  return loaded
}
