// The settings of a listen() server that are read from its options and the environment, checked once at start.

/** The port when neither the `port` option nor `PORT` gives one: SCF web functions and FC custom runtimes use 9000. */
export const DEFAULT_PORT = 9000

/**
 * The default `maxBodyBytes`: 6 MiB, the synchronous payload limit of SCF and Lambda event functions (FC's is
 * of the same order), so a handler accepts the same bodies in both modes, and no client can make the server
 * buffer an unbounded body.
 */
export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024

function portFrom(value: unknown, source: string): number {
  const text = typeof value === 'string' ? value.trim() : undefined
  const port = typeof value === 'number' ? value : text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port
  throw new RangeError(`faasport: listen() needs a port from 0 to 65535, but ${source} is ${JSON.stringify(value) ?? String(value)}`)
}

/**
 * The port to bind: the `port` option, else the `PORT` environment variable, else the port the platform the
 * environment points to requires (`platform`), else 9000. A bad value is an error naming its source.
 */
export function resolvePort(option: number | undefined, env: string | undefined = process.env.PORT, platform?: number): number {
  if (option !== undefined) return portFrom(option, 'the port option')
  return env === undefined ? (platform ?? DEFAULT_PORT) : portFrom(env, 'PORT')
}

/** The request body limit in bytes: the option (a non-negative number, `Infinity` for none), else 6 MiB. */
export function resolveBodyLimit(option: number | undefined): number {
  if (option === undefined) return DEFAULT_MAX_BODY_BYTES
  if (typeof option === 'number' && option >= 0) return option
  throw new RangeError(`faasport: listen() maxBodyBytes must be a number of bytes (0 or more, or Infinity), got ${JSON.stringify(option) ?? String(option)}`)
}
