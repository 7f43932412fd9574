// serve(honoApp, { stream: true }): a fetch-style app through faasport.
import { serve } from 'faasport'
import { app } from './hono-app.mjs'

export const handler = serve(app, { stream: true })
