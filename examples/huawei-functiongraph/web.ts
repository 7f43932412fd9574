import { listen } from 'faasport/huawei'
import { handler } from './index.js'

// The same handler as a FunctionGraph HTTP function: `bootstrap` starts the bundle of this file, FunctionGraph sends
// HTTP to port 8000 (listen()'s default there; a PORT variable overrides it) and the X-CFF-* headers fill the
// invocation.
listen(handler).then(
  (server) => console.log(`faasport: listening on ${server.url}`),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
