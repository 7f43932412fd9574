import { on, serve } from 'faasport/azure'
import { api } from './app.js'

/** The Express app as an Azure Functions HTTP handler: `(request, context)` in, an `HttpResponseInit` out. */
export const httpHandler = serve(api)

/** One handler for the timer and the storage queue: the context says which trigger called it. */
export const worker = on({
  timer: (t, invocation) => {
    console.log(`${t.triggerName} fired at ${t.scheduledTime} (${invocation.requestId})`)
  },
  queue: (message) => {
    const order = message.json<{ id: string }>()
    console.log(`order ${order.id} from ${message.queue} (dequeued ${message.attributes.dequeueCount ?? '?'} times)`)
  },
})
