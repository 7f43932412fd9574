import bodyParser from '@koa/bodyparser'
import Koa from 'koa'

// An ordinary Koa 3 app; nothing in it knows it runs on SCF.
export const app = new Koa()
app.use(bodyParser())
app.use(async (ctx) => {
  if (ctx.path === '/hello') {
    ctx.body = { hello: ctx.query.name ?? 'SCF', flags: Object.keys(ctx.query) }
    return
  }
  if (ctx.path === '/items' && ctx.method === 'POST') {
    ctx.status = 201
    ctx.body = { created: (ctx.request.body as { name?: string })?.name ?? 'unnamed' }
    return
  }
  if (ctx.path === '/session') {
    ctx.cookies.set('sid', 'opaque', { httpOnly: true })
    ctx.cookies.set('lang', 'zh-CN', { httpOnly: false })
    ctx.body = 'signed in'
  }
})
