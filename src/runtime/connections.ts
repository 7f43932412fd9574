import type * as Http from 'node:http'
import type { Socket } from 'node:net'

/**
 * A `listen()` server's connections and the responses in progress on each, so that a shutdown closes every
 * connection as soon as it has nothing left to send: idle keep-alive connections at once, busy ones right
 * after their last response (streamed ones included), instead of waiting for Node's keep-alive timeout.
 */
export class Connections {
  readonly #server: Http.Server
  readonly #open = new Map<Socket, Set<Http.ServerResponse>>()
  #closed: Promise<void> | undefined

  constructor(server: Http.Server) {
    this.#server = server
    server.on('connection', (socket: Socket) => {
      this.#open.set(socket, new Set())
      socket.once('close', () => this.#open.delete(socket))
    })
  }

  /** True once `close()` was called. */
  get closing(): boolean {
    return this.#closed !== undefined
  }

  /** Counts a response in until it closes (sent, or the client went away). */
  track(req: Http.IncomingMessage, res: Http.ServerResponse): void {
    const socket = req.socket
    let responses = this.#open.get(socket)
    if (responses === undefined) this.#open.set(socket, (responses = new Set()))
    responses.add(res)
    // While shutting down, the answer tells the client not to reuse the connection.
    if (this.closing) res.shouldKeepAlive = false
    res.once('close', () => this.#done(socket, res))
  }

  #done(socket: Socket, res: Http.ServerResponse): void {
    const responses = this.#open.get(socket)
    if (responses === undefined) return
    responses.delete(res)
    // 'close' follows 'finish', so the response has been handed to the socket: end it once the bytes are out.
    if (responses.size === 0 && this.closing) socket.destroySoon()
  }

  /**
   * Stops accepting, closes idle connections now and busy ones after their responses, and resolves when the
   * last is closed. After `timeoutMs`, whatever is still open is cut.
   */
  close(timeoutMs: number): Promise<void> {
    return (this.#closed ??= new Promise<void>((resolve) => {
      for (const [socket, responses] of this.#open) {
        if (responses.size === 0) socket.destroy()
        else for (const res of responses) if (!res.headersSent) res.shouldKeepAlive = false
      }
      const force = setTimeout(() => {
        for (const socket of this.#open.keys()) socket.destroy()
      }, timeoutMs)
      force.unref()
      this.#server.close(() => {
        clearTimeout(force)
        resolve()
      })
    }))
  }
}
