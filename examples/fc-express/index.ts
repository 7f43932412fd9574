import { initializer, serve } from 'faasport/fc'
import { app } from './app.js'

/** FC's handler: FC 3.0 HTTP trigger (Buffer events), FC 2.0 (req, resp, context) and API Gateway alike. */
export const handler = serve(app)

/** FC's initializer: warm-up runs in the init phase, not on the first request. */
export const initialize = initializer(async () => {
  // e.g. open database connections, load configuration
})
