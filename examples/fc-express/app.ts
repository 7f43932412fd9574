import express from 'express'

// An ordinary Express 5 app; nothing in it knows it runs on Function Compute.
export const app = express()
app.use(express.json())

app.get('/hello', (req, res) => {
  res.json({ hello: typeof req.query.name === 'string' ? req.query.name : 'FC', ip: req.ip })
})

app.post('/orders', (req, res) => {
  res.status(201).json({ id: 'ord_1', items: Array.isArray(req.body?.items) ? req.body.items.length : 0 })
})

app.get('/report.pdf', (_req, res) => {
  res.type('application/pdf').send(Buffer.from('%PDF-1.4\n%âãÏÓ\n'))
})
