import { serve } from 'faasport'
import { chat } from './chat.js'
import { app } from './app.js'

/**
 * The Express app as a Lambda response-streaming handler. Behind a Function URL with `InvokeMode:
 * RESPONSE_STREAM` (or a REST API method with `responseTransferMode: STREAM`) each write streams; on other
 * triggers, FC, SCF and in `faasport dev` the same export still answers.
 */
export const handler = serve(app, { stream: true })

/** The Hono chat app, streaming the same way. */
export const chatHandler = serve(chat, { stream: true })
