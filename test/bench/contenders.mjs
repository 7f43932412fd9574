// The apps and the adapters under test. Every contender gets the same app and the same event.
import { EventEmitter } from 'node:events'
import http from 'node:http'
import serverlessExpress from '@codegenie/serverless-express'
import { ServerlessAdapter } from '@h4ad/serverless-adapter'
import { ApiGatewayV1Adapter, ApiGatewayV2Adapter } from '@h4ad/serverless-adapter/adapters/aws'
import { HuaweiApiGatewayAdapter } from '@h4ad/serverless-adapter/adapters/huawei'
import { ExpressFramework } from '@h4ad/serverless-adapter/frameworks/express'
import { KoaFramework } from '@h4ad/serverless-adapter/frameworks/koa'
import { DefaultHandler } from '@h4ad/serverless-adapter/handlers/default'
import { PromiseResolver } from '@h4ad/serverless-adapter/resolvers/promise'
import express from 'express'
import Koa from 'koa'
import serverlessHttp from 'serverless-http'
import { handle, serve } from '../../dist/index.js'

export const PAYLOAD = { hello: 'world', items: [1, 2, 3], nested: { ok: true } }
export const BINARY = Buffer.alloc(100 * 1024, 0xab)

/** The apps, by scenario. Each is a factory so every contender gets its own instance. */
export const apps = {
  listener: () => (req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(PAYLOAD))
  },
  express: () => {
    const app = express()
    app.use(express.json({ limit: '1mb' }))
    app.get('/hello', (_req, res) => res.json(PAYLOAD))
    app.post('/items', (req, res) => res.json({ received: Array.isArray(req.body?.items) ? req.body.items.length : 0 }))
    app.get('/blob', (_req, res) => res.type('application/octet-stream').send(BINARY))
    return app
  },
  koa: () => {
    const app = new Koa()
    app.use((ctx) => {
      ctx.body = PAYLOAD
    })
    return app
  },
}

/** The same answer a raw handler writes by hand: the floor with no adapter at all. */
export function rawHandler(version) {
  // A hand-written handler serialises its answer on every call, as faasport does.
  switch (version) {
    case 'v1':
      return async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, multiValueHeaders: {}, body: JSON.stringify(PAYLOAD), isBase64Encoded: false })
    case 'fc3':
      // FC hands the event over as a Buffer of JSON: any hand-written handler parses it to learn the route.
      return async (event) => {
        if (JSON.parse(event.toString()).requestContext.http.method !== 'GET') throw new Error('unexpected')
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(PAYLOAD), isBase64Encoded: false }
      }
    case 'azure':
      return async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(PAYLOAD)) })
    case 'gcp':
      // Cloud Run functions: the answer is what the function writes to the framework's response.
      return async (_req, res) => {
        res.statusCode = 200
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(PAYLOAD))
      }
    default:
      return async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(PAYLOAD), isBase64Encoded: false })
  }
}

/** faasport's plain-handler path. */
export const plainHandler = () => handle(() => PAYLOAD)

class StubSocket extends EventEmitter {
  constructor() {
    super()
    this.chunks = []
    this.writable = true
    this.readable = true
    this._writableState = {}
    this.remoteAddress = '203.0.113.10'
  }
  write(data, encoding, callback) {
    if (typeof encoding === 'function') callback = encoding
    this.chunks.push(data)
    if (callback) process.nextTick(callback)
    return true
  }
  cork() {}
  uncork() {}
  destroy() {}
  setTimeout() {}
}

/**
 * The bare Node floor: the same listener or app driven through a plain IncomingMessage/ServerResponse pair on
 * a socket stub, with no event translation at all.
 */
export function nodeFloor(listener, request) {
  return () => {
    const socket = new StubSocket()
    const req = new http.IncomingMessage(socket)
    req.method = request.method
    req.url = request.url
    req.headers = { ...request.headers }
    if (request.body) req.push(request.body)
    req.push(null)
    const res = new http.ServerResponse(req)
    res.assignSocket(socket)
    return new Promise((resolve) => {
      res.once('finish', () => resolve(res.statusCode))
      listener(req, res)
    })
  }
}

/** Wraps an app for each contender; `version` picks the peers' event adapters. */
export function contenders(kind, app, version) {
  const h4adFramework = kind === 'koa' ? new KoaFramework() : new ExpressFramework()
  const h4adAdapter = version === 'v1' ? new ApiGatewayV1Adapter() : new ApiGatewayV2Adapter()
  // h4ad's Express framework drives any (req, res) listener the same way.
  const h4ad = ServerlessAdapter.new(app)
    .setFramework(h4adFramework)
    .setHandler(new DefaultHandler())
    .setResolver(new PromiseResolver())
    .addAdapter(h4adAdapter)
    .build()
  const listener = kind === 'koa' ? app.callback() : app
  return {
    faasport: serve(app),
    'serverless-http': serverlessHttp(app),
    '@codegenie/serverless-express': serverlessExpress({ app: listener }),
    '@h4ad/serverless-adapter': h4ad,
  }
}

/**
 * The peers of FunctionGraph's APIG trigger: @h4ad/serverless-adapter alone has an adapter for it. (Its Azure
 * adapter reads the v3 programming model's context and fails on v4's InvocationContext; its Cloud Run handler
 * registers with the Functions Framework itself, so neither runs in-process here.)
 */
export function huaweiContenders(kind, app) {
  const h4ad = ServerlessAdapter.new(app)
    .setFramework(kind === 'koa' ? new KoaFramework() : new ExpressFramework())
    .setHandler(new DefaultHandler())
    .setResolver(new PromiseResolver())
    .addAdapter(new HuaweiApiGatewayAdapter())
    .build()
  return { faasport: serve(app), '@h4ad/serverless-adapter': h4ad }
}

export const PEERS = ['serverless-http', '@codegenie/serverless-express', '@h4ad/serverless-adapter']
