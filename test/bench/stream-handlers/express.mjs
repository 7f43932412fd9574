// serve(expressApp, { stream: true }): Express 5, the body piped into res.
import express from 'express'
import { serve } from 'faasport'
import { BULK_HEADERS, FIRST, SSE_HEADERS, nodeBody } from './bodies.mjs'

const app = express()
app.get('/first', (req, res) => {
  res.writeHead(200, SSE_HEADERS)
  res.write(FIRST)
  res.end()
})
app.get('/bulk/:mb', (req, res) => {
  res.writeHead(200, BULK_HEADERS)
  nodeBody(Number(req.params.mb)).pipe(res)
})

export const handler = serve(app, { stream: true })
