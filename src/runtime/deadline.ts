import { logSafely, type HttpRequest } from '../model/index.js'
import type { InvocationRecord } from './invocation.js'

// Answering before the platform's deadline. Reading an invocation's deadline may mean reading the platform
// context, which an invocation that ends quickly should not pay for; so pending answers are only registered,
// and a sweep every SWEEP_MS looks at those still pending, reads their deadline, and sets a precise timer for
// the ones due before the next sweep. Registering costs an array push and a swap-remove: a Set of fresh objects
// costs ten times more (hashing each object, re-allocating the table as it empties and fills).
// (An invocation that starts with less than SWEEP_MS plus its margin left is answered up to SWEEP_MS late.)
//
// The timers are unref'd: they never keep a process alive on their own. An app that is waiting for something
// (a socket, a timer of its own) keeps the process alive, and its answer comes at the deadline; one waiting for
// nothing at all ends with the event loop, as it would without faasport.

/** The HTTP request an invocation answers, as the log lines name it. */
export function describeRequest(request: HttpRequest | undefined): string {
  return request === undefined ? 'the request' : `${request.method} ${request.path}`
}

/** The one log line of an HTTP invocation answered 504 because it had no answer `marginMs` before its deadline. */
export function logNoAnswer(invocation: InvocationRecord, request: HttpRequest | undefined, marginMs: number): void {
  logSafely(
    invocation.logger,
    'error',
    `faasport: request ${invocation.requestId}: ${describeRequest(request)} had no answer ${marginMs} ms before the invocation's deadline, after ${invocation.elapsedMs()} ms; answered 504 (deadlineMarginMs, deadlineAnswer)`,
  )
}

/** Something to be answered by a moment: the timer fires `expire()` at `expiresAt()` unless it was unwatched. */
export interface Expiring {
  /** Epoch milliseconds at which to act; `Infinity` when there is no deadline. Read at each sweep while it is not due. */
  expiresAt(): number
  /** The moment has come. */
  expire(): void
  /** Where it is in the watch list (-1 when it is not in it); the watcher's to keep. */
  watchIndex: number
  /** Its precise timer, once set; the watcher's to keep. */
  watchTimer: ReturnType<typeof setTimeout> | undefined
}

const SWEEP_MS = 100
/** Sweeps with nothing pending before the sweeper stops (it is started again when needed). */
const IDLE_SWEEPS = 50

const pending: Expiring[] = []
let sweeper: ReturnType<typeof setInterval> | undefined
let idle = 0

function remove(item: Expiring): void {
  const index = item.watchIndex
  item.watchIndex = -1
  const last = pending.pop()!
  if (last !== item) {
    pending[index] = last
    last.watchIndex = index
  }
}

function sweep(): void {
  if (pending.length === 0) {
    if (++idle >= IDLE_SWEEPS && sweeper !== undefined) {
      clearInterval(sweeper)
      sweeper = undefined
    }
    return
  }
  idle = 0
  const now = Date.now()
  for (let i = pending.length - 1; i >= 0; i--) {
    const item = pending[i]!
    const at = item.expiresAt()
    const wait = at - now
    if (wait > SWEEP_MS) continue
    remove(item)
    if (at === Infinity) continue
    item.watchTimer = setTimeout(fire, Math.max(0, wait), item)
    item.watchTimer.unref()
  }
}

function fire(item: Expiring): void {
  item.watchTimer = undefined
  item.expire()
}

/** Starts watching `item`'s deadline. */
export function watchDeadline(item: Expiring): void {
  item.watchIndex = pending.length
  pending.push(item)
  if (sweeper === undefined) {
    sweeper = setInterval(sweep, SWEEP_MS)
    sweeper.unref()
  }
}

/** Stops watching `item`: it was answered. */
export function unwatchDeadline(item: Expiring): void {
  if (item.watchIndex !== -1) remove(item)
  else if (item.watchTimer !== undefined) {
    clearTimeout(item.watchTimer)
    item.watchTimer = undefined
  }
}
