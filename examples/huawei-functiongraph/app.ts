import bodyParser from '@koa/bodyparser'
import Koa from 'koa'

// An ordinary Koa 3 app; nothing in it knows it runs on FunctionGraph.
export const app = new Koa()
app.use(bodyParser())
app.use(async (ctx) => {
  if (ctx.path === '/hello') {
    ctx.body = { hello: ctx.query.name ?? 'FunctionGraph', tags: ctx.query.tag ?? [] }
    return
  }
  if (ctx.path === '/items' && ctx.method === 'POST') {
    ctx.status = 201
    ctx.body = { created: (ctx.request.body as { name?: string })?.name ?? 'unnamed' }
    return
  }
  if (ctx.path === '/logo.png') {
    ctx.type = 'image/png'
    ctx.body = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
  }
})
