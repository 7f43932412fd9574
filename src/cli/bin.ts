import { main } from './index.js'

/** Calls `done` once everything written to `stream` so far has been handed to the system. */
function drain(stream: NodeJS.WriteStream, done: () => void): void {
  stream.write('', () => done())
}

// The handler module may keep handles open (a database pool, a metrics timer) that would keep the process
// alive after the command is done, so it exits explicitly once its output is out.
// A failure reported after main() returned (a handler answering again, see `faasport invoke`) sets
// process.exitCode meanwhile, and wins over a success.
main(process.argv.slice(2)).then((code) => {
  if (code !== 0 || !process.exitCode) process.exitCode = code
  drain(process.stdout, () => drain(process.stderr, () => process.exit()))
})
