// The peer: Hono's own Lambda streaming adapter on the same app.
import { streamHandle } from 'hono/aws-lambda'
import { app } from './hono-app.mjs'

export const handler = streamHandle(app)
