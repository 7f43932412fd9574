import express from 'express'

// An ordinary Express 5 app: nothing in it knows it runs on a FaaS.
export const app = express()
app.use(express.json())

const users = new Map([['1', { id: '1', name: 'Ada Lovelace' }]])

app.get('/users/:id', (req, res) => {
  const user = users.get(req.params.id)
  if (!user) return void res.status(404).json({ error: 'no such user' })
  res.json(user)
})

app.post('/users', (req, res) => {
  const id = String(users.size + 1)
  const user = { id, name: String(req.body?.name ?? 'anonymous') }
  users.set(id, user)
  res.status(201).location(`/users/${id}`).json(user)
})

app.post('/login', (_req, res) => {
  res.cookie('session', 'opaque-token', { httpOnly: true, secure: true, sameSite: 'lax' })
  res.cookie('theme', 'dark')
  res.json({ ok: true })
})

// 1x1 PNG: binary responses go back base64-encoded, byte for byte.
app.get('/pixel.png', (_req, res) => {
  res.type('png').send(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'))
})
