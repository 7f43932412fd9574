import express from 'express'

// An ordinary Express 5 app; nothing in it knows it runs on Cloud Run functions.
export const app = express()
app.use(express.json())

app.get('/hello', (req, res) => {
  res.json({ hello: typeof req.query.name === 'string' ? req.query.name : 'Cloud Run', tags: req.query.tag ?? [] })
})

app.post('/orders', (req, res) => {
  res.status(201).cookie('last-order', 'ord_1', { httpOnly: true }).cookie('cart', '', { maxAge: 0 }).json({ id: 'ord_1', items: Array.isArray(req.body?.items) ? req.body.items.length : 0 })
})

// Server-sent events: with `stream: true` each event reaches the client as it is written.
app.get('/events', async (_req, res) => {
  res.setHeader('content-type', 'text/event-stream')
  res.setHeader('cache-control', 'no-cache')
  for (let i = 1; i <= 3; i++) {
    res.write(`event: tick\ndata: ${i}\n\n`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  res.end('event: done\ndata: \n\n')
})
