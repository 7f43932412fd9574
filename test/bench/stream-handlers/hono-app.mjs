// The fetch app that faasport's serve() and Hono's own streamHandle() both run: the same app, two adapters.
import { Hono } from 'hono'
import { BULK_HEADERS, FIRST, SSE_HEADERS, webBody } from './bodies.mjs'

export const app = new Hono()
app.get('/first', () => {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(FIRST))
      controller.close()
    },
  })
  return new Response(body, { headers: SSE_HEADERS })
})
app.get('/bulk/:mb', (c) => new Response(webBody(Number(c.req.param('mb'))), { headers: BULK_HEADERS }))
