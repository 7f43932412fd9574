import { main } from './index.js'

/** Calls `done` once everything written to `stream` so far has been handed to the system. */
function drain(stream: NodeJS.WriteStream, done: () => void): void {
  stream.write('', () => done())
}

// The handler module may keep handles open (a database pool, a metrics timer) that would keep the process
// alive after the command is done, so it exits explicitly once its output is out.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
  drain(process.stdout, () => drain(process.stderr, () => process.exit(code)))
})
