import { listen } from 'faasport/scf'
import { main_handler } from './index.js'

// The same handler as an SCF web function: scf_bootstrap starts the bundle of this file, SCF sends HTTP to port
// 9000 (listen()'s default; a PORT variable overrides it) and SIGTERM before it stops the instance.
listen(main_handler).then(
  (server) => console.log(`faasport: listening on ${server.url}`),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
