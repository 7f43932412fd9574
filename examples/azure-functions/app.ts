import express from 'express'

// An ordinary Express 5 app; nothing in it knows it runs on Azure Functions.
export const api = express()
api.use(express.json())

api.get('/hello', (req, res) => {
  res.json({ hello: typeof req.query.name === 'string' ? req.query.name : 'Azure', tags: req.query.tag ?? [] })
})

api.post('/orders', (req, res) => {
  res.status(201).cookie('last-order', 'ord_1', { httpOnly: true }).cookie('cart', '', { maxAge: 0 }).json({ id: 'ord_1', items: Array.isArray(req.body?.items) ? req.body.items.length : 0 })
})

api.get('/logo.png', (_req, res) => {
  res.type('image/png').send(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'))
})
