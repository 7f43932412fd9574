import { logSafely, type Invocation } from './invocation.js'

// One warning per kind for the whole process: platforms such as FC and Azure hand every invocation a fresh logger,
// so remembering per logger would repeat a warning on every request.
const warned = new Set<string>()

/** Logs `message` as a warning through the invocation's logger the first time this process meets `kind`. */
export function warnOnce(invocation: Invocation, kind: string, message: string): void {
  if (warned.has(kind)) return
  warned.add(kind)
  logSafely(invocation.logger, 'warn', message)
}

/** Forgets which warnings were given, so a test can see one again. Not part of the package's API. */
export function forgetWarnings(): void {
  warned.clear()
}
