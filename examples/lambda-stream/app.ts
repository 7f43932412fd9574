import { Readable } from 'node:stream'
import express from 'express'
import { getInvocation } from 'faasport'

// An ordinary Express 5 app that streams: server-sent events and a generated download. Nothing in it knows
// it runs on Lambda; with `stream: true`, each write reaches the client as it happens.
export const app = express()

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Server-sent events: the head goes out at once, then one event per tick.
app.get('/events', async (req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.flushHeaders()
  // The client may leave (listen(), faasport dev) or the invocation near its deadline: stop either way.
  let open = true
  res.on('close', () => (open = false))
  const signal = getInvocation()?.signal
  for (let i = 1; i <= 5 && open && !signal?.aborted; i++) {
    res.write(`event: tick\ndata: ${JSON.stringify({ n: i, at: new Date().toISOString() })}\n\n`)
    await sleep(Number(req.query.interval ?? 200))
  }
  res.end('event: done\ndata: {}\n\n')
})

// A large download, produced only as fast as the client reads it (backpressure through pipe()).
app.get('/report.csv', (req, res) => {
  const rows = Math.min(Number(req.query.rows ?? 100_000), 5_000_000)
  let n = 0
  const csv = new Readable({
    read() {
      if (n === 0) this.push('id,name,amount\n')
      if (n >= rows) return void this.push(null)
      let chunk = ''
      for (let end = Math.min(n + 1000, rows); n < end; n++) chunk += `${n},item-${n},${(n % 97) * 1.5}\n`
      this.push(chunk)
    },
  })
  res.type('text/csv').attachment('report.csv')
  csv.pipe(res)
})
