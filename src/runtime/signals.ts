import type { Logger } from '../model/index.js'

/** A server that shuts down with the process. */
export interface Closable {
  close(): Promise<void>
  logger: Logger
}

interface Registry {
  servers: Set<Closable>
  handler?: (signal: NodeJS.Signals) => void
}

// One registry per process, shared by every copy of faasport that is loaded (ESM and CJS builds, several
// entries): one signal handler waits for every server, and only then exits.
const REGISTRY = Symbol.for('faasport.listenSignals')
const globals = globalThis as typeof globalThis & { [REGISTRY]?: Registry }
const registry: Registry = (globals[REGISTRY] ??= { servers: new Set() })
const SIGNALS = ['SIGTERM', 'SIGINT'] as const

function onSignal(signal: NodeJS.Signals): void {
  const servers = [...registry.servers]
  for (const server of servers) server.logger.info(`faasport: ${signal}: finishing in-flight requests, then exiting`)
  void Promise.all(servers.map((server) => server.close())).then(() => process.exit(0))
}

/**
 * Shuts `server` down gracefully on SIGTERM or SIGINT, together with every other server registered here, and
 * exits once all have finished. A second signal during the shutdown gets Node's default (immediate exit).
 * Returns the function that unregisters it.
 */
export function closeOnSignals(server: Closable): () => void {
  // The handler is the registry's, so that whichever copy removes it removes the one that was added.
  const handler = (registry.handler ??= onSignal)
  if (registry.servers.size === 0) for (const signal of SIGNALS) process.once(signal, handler)
  registry.servers.add(server)
  return () => {
    if (!registry.servers.delete(server) || registry.servers.size > 0) return
    for (const signal of SIGNALS) process.off(signal, handler)
  }
}
