import * as functions from '@google-cloud/functions-framework'
import { on, serve } from 'faasport/gcp'
import { app } from './app.js'

/**
 * The Express app as a Cloud Run function (`--entry-point api`), answers streamed into the framework's response
 * (SSE reaches the client event by event). Registered by name and exported, so `--target api` finds it either way.
 */
export const api = serve(app, { stream: true })
functions.http('api', api)

/**
 * One CloudEvent function for Pub/Sub (Cloud Scheduler jobs publish to a topic) and Cloud Storage: a failed record
 * answers 500, so Eventarc delivers it again.
 */
export const worker = on({
  queue: (message) => {
    console.log(`message ${message.messageId} on ${message.queue}: ${message.body}`)
  },
  storage: (object) => {
    console.log(`${object.action} gs://${object.bucket}/${object.key} (${object.size ?? '?'} bytes)`)
  },
})
functions.cloudEvent('worker', worker)
