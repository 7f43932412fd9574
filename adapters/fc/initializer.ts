type InitCallback = (error: unknown, result?: unknown) => void

/** FC's initializer entry: `(context)` returning a promise, or `(context, callback)` on older runtimes. */
export type InitializerFunction = (context: unknown, callback?: InitCallback) => Promise<void>

/**
 * Wraps init work (an app factory, connection warm-up) as FC's `initialize` handler, so it runs in FC's init
 * phase instead of on the first request. Works with and without the callback, calling it exactly once, and
 * declares one parameter like the entry function declares two.
 */
export function initializer(init: (context: unknown) => unknown): InitializerFunction {
  if (typeof init !== 'function') throw new TypeError('faasport: initializer() needs a function (context) => void | Promise<void>')
  return function faasportInitializer(context: unknown) {
    const callback: unknown = arguments[1]
    let done: Promise<void>
    try {
      done = Promise.resolve(init(context)).then(() => undefined)
    } catch (error) {
      done = Promise.reject(error)
    }
    if (typeof callback !== 'function') return done
    return done.then(
      () => (callback as InitCallback)(null, ''),
      (error: unknown) => (callback as InitCallback)(error),
    )
  } as InitializerFunction
}
