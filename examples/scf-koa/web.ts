import { listen } from 'faasport/scf'
import { main_handler } from './index.js'

// The same handler as an SCF web function: scf_bootstrap starts this file, SCF forwards HTTP to port 9000.
await listen(main_handler, { port: Number(process.env.PORT ?? 9000) })
