import { describe, expect, it, vi } from 'vitest'
import * as aws from '../../adapters/lambda/factories.js'
import { handle, type HttpHandler } from '../../src/index.js'
import { decodePlatformResult } from '../helpers/platform-result.js'

// What a plain handler may return, and how each becomes a response (through API Gateway v2).

async function run(handler: HttpHandler, init: Parameters<typeof aws.apiGatewayV2>[0] = {}, options?: Parameters<typeof handle>[1]) {
  return decodePlatformResult('aws/apigw-v2', await handle(handler, options)(aws.apiGatewayV2(init), aws.lambdaContext()))
}

function silence() {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  return () => {
    error.mockRestore()
    warn.mockRestore()
  }
}

describe('handler return values', () => {
  it('a string is 200 text/plain', async () => {
    const res = await run(() => 'hello')
    expect([res.status, res.headers['content-type'], res.text(), res.isBase64Encoded]).toEqual([200, ['text/plain; charset=utf-8'], 'hello', false])
  })

  it('bytes are 200 application/octet-stream, base64', async () => {
    const res = await run(() => new Uint8Array([0, 255, 1]))
    expect(res.headers['content-type']).toEqual(['application/octet-stream'])
    expect(res.isBase64Encoded).toBe(true)
    expect([...res.body]).toEqual([0, 255, 1])
  })

  it('an ArrayBuffer, a DataView or any typed array is sent as its bytes, not as JSON', async () => {
    const backing = new Uint8Array([9, 0, 1, 2, 3, 4, 255, 9])
    const outputs: Array<[unknown, number[]]> = [
      [new Uint8Array([1, 2, 3]).buffer, [1, 2, 3]],
      [new DataView(backing.buffer, 1, 6), [0, 1, 2, 3, 4, 255]],
      [new Uint16Array(backing.buffer, 2, 2), [1, 2, 3, 4]],
      [backing.subarray(6), [255, 9]],
    ]
    for (const [value, bytes] of outputs) {
      const res = await run(() => value as object)
      expect([res.headers['content-type'], res.isBase64Encoded, [...res.body]]).toEqual([['application/octet-stream'], true, bytes])
      const result = await run(() => ({ statusCode: 201, headers: { 'content-type': 'image/x-raw' }, body: value as ArrayBuffer }))
      expect([result.status, result.headers['content-type'], [...result.body]]).toEqual([201, ['image/x-raw'], bytes])
    }
  })

  it('a JSON-able value is 200 JSON', async () => {
    for (const value of [{ a: 1 }, [1, 2], 42, true, null, 'x' as unknown]) {
      if (typeof value === 'string') continue
      const res = await run(() => value as object)
      expect(res.headers['content-type']).toEqual(['application/json; charset=utf-8'])
      expect(res.json()).toEqual(value)
    }
  })

  it('undefined is 204 with no body', async () => {
    const res = await run(async () => undefined)
    expect(res.status).toBe(204)
    expect(res.body.length).toBe(0)
  })

  it('an HttpResult with an already-base64 body and isBase64Encoded: true passes the bytes through', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { 'content-type': 'image/gif' }, body: 'R0lGODlh', isBase64Encoded: true }))
    expect(res.isBase64Encoded).toBe(true)
    expect(res.body.toString('latin1')).toBe('GIF89a')
  })

  it('isBase64Encoded: false forces text even for a binary content type', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'plain', isBase64Encoded: false }))
    expect(res.isBase64Encoded).toBe(false)
    expect(res.text()).toBe('plain')
  })

  it('set-cookie given as a header is moved to cookies, never joined', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { 'Set-Cookie': ['a=1; Expires=Tue, 01 Jan 2030 00:00:00 GMT', 'b=2'] }, cookies: ['c=3'] }))
    expect(res.cookies).toEqual(['c=3', 'a=1; Expires=Tue, 01 Jan 2030 00:00:00 GMT', 'b=2'])
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('a header whose value is undefined or null is left out, not sent as the text "null"', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { 'x-none': null, 'x-undefined': undefined, 'x-list': ['a', null as never, 'b'], 'x-ok': 1 }, body: 'x' }))
    expect([res.headers['x-none'], res.headers['x-undefined'], res.headers['x-list'], res.headers['x-ok']]).toEqual([undefined, undefined, ['a, b'], ['1']])
  })

  it('hop-by-hop headers are not handed to the gateway', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { connection: 'close', 'transfer-encoding': 'chunked', 'keep-alive': 'x', 'x-ok': '1' }, body: 'x' }))
    expect(Object.keys(res.headers)).toEqual(['x-ok'])
  })

  it('a WHATWG Response is read back, cookies apart', async () => {
    const res = await run(() => {
      const headers = new Headers({ 'content-type': 'application/json' })
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Path=/')
      return new Response(JSON.stringify({ ok: true }), { status: 202, headers })
    })
    expect(res.status).toBe(202)
    expect(res.json()).toEqual({ ok: true })
    expect(res.cookies).toEqual(['a=1; Path=/', 'b=2; Path=/'])
  })

  it('HEAD, 204 and 304 answers carry no body', async () => {
    expect((await run(() => 'body', { method: 'HEAD' })).body.length).toBe(0)
    expect((await run(() => ({ statusCode: 304, body: 'x' }))).body.length).toBe(0)
  })

  it('a content-encoded body goes base64 even with a text type', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain', 'content-encoding': 'br' }, body: Buffer.from([1, 2, 3]) }))
    expect(res.isBase64Encoded).toBe(true)
  })

  it('the isBinary option overrides the rule', async () => {
    const res = await run(() => ({ statusCode: 200, headers: { 'content-type': 'application/x-custom' }, body: 'text' }), {}, { isBinary: (type) => type !== 'application/x-custom' })
    expect(res.isBase64Encoded).toBe(false)
  })

  it('text bytes that are not UTF-8 (charset=iso-8859-1) go base64 and arrive byte-exact; UTF-8 bytes stay text', async () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]) // "café" in ISO-8859-1
    const res = await run(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=iso-8859-1' }, body: latin1 }))
    expect([res.isBase64Encoded, [...res.body]]).toEqual([true, [...latin1]])
    const utf8 = await run(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('café') }))
    expect([utf8.isBase64Encoded, utf8.text()]).toEqual([false, 'café'])
    // An isBinary predicate cannot turn them into corrupted text either; only isBase64Encoded: false forces text.
    const predicate = await run(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: latin1 }), {}, { isBinary: () => false })
    expect(predicate.isBase64Encoded).toBe(true)
  })

  it('bytes in an HttpResult without a content type are typed application/octet-stream', async () => {
    const res = await run(() => ({ statusCode: 200, body: Buffer.from('héllo') }))
    expect(res.headers['content-type']).toEqual(['application/octet-stream'])
    expect(res.isBase64Encoded).toBe(true)
  })
})

describe('handler failures', () => {
  it('a throw is a generic 500, logged once with the error', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const res = await run(() => {
      throw new Error('database password is hunter2')
    }, {}, { logger })
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ error: 'Internal Server Error' })
    expect(logger.error).toHaveBeenCalledTimes(1)
    expect(String(logger.error.mock.calls[0]![1])).toContain('hunter2')
  })

  it('a rejection is a 500 too, and debug: true shows message and stack', async () => {
    const restore = silence()
    const res = await run(async () => Promise.reject(new Error('visible in debug')), {}, { debug: true })
    restore()
    expect(res.status).toBe(500)
    expect(res.json().message).toBe('visible in debug')
    expect(res.json().stack).toContain('Error: visible in debug')
  })

  it('an http-errors style error keeps its status; its message is shown only when it says expose: true', async () => {
    const restore = silence()
    // http-errors sets expose: true on 4xx errors it creates.
    const exposed = await run(() => {
      throw Object.assign(new Error('no such widget'), { status: 404, expose: true })
    })
    const hidden = await run(() => {
      throw Object.assign(new Error('internal detail'), { statusCode: 403, expose: false })
    })
    restore()
    expect([exposed.status, exposed.json()]).toEqual([404, { error: 'Not Found', message: 'no such widget' }])
    expect([hidden.status, hidden.json()]).toEqual([403, { error: 'Forbidden' }])
  })

  it("an upstream SDK's 4xx error keeps its status but never shows its message", async () => {
    // openai, axios and gaxios errors carry the upstream `status`; their message may quote keys or bodies.
    class UpstreamError extends Error {
      status = 401
    }
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const res = await run(async () => {
      throw new UpstreamError('401 Incorrect API key provided: sk-live-1234567890abcdef')
    }, {}, { logger })
    expect([res.status, res.json()]).toEqual([401, { error: 'Unauthorized' }])
    expect(res.text()).not.toContain('sk-live')
    // The operator still sees it, once.
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(String(logger.warn.mock.calls[0]![0])).toContain('sk-live')
    const debug = await run(() => {
      throw new UpstreamError('upstream said no')
    }, {}, { logger, debug: true })
    expect(debug.json().message).toBe('upstream said no')
  })

  it('anything thrown, however odd, is answered, and a throwing logger changes nothing', async () => {
    const throwingLogger = { debug() {}, info() {}, warn() {}, error() { throw new Error('logger down') } }
    const odd: unknown[] = [null, undefined, 42, Symbol('s'), Object.create(null), { toString() { throw new Error('no') } }]
    const restore = silence()
    for (const value of odd) {
      expect((await run(async () => Promise.reject(value))).json()).toEqual({ error: 'Internal Server Error' })
      expect((await run(() => { throw value }, {}, { debug: true })).status).toBe(500)
      expect((await run(() => { throw value }, {}, { logger: throwingLogger })).status).toBe(500)
    }
    const getter = Object.defineProperty(new Error('x'), 'status', { get() { throw new Error('getter') } })
    expect((await run(() => { throw getter })).status).toBe(500)
    restore()
  })

  it('req.json() on a body that is not JSON is a 400', async () => {
    const restore = silence()
    const res = await run((req) => req.json(), { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } })
    restore()
    expect(res.status).toBe(400)
    expect(res.json().message).toContain('Request body is not valid JSON')
  })

  it('a statusCode given as a numeric string is read as the number', async () => {
    const res = await run(async () => ({ statusCode: '404' as unknown as number, body: 'missing' }))
    expect([res.status, res.text()]).toEqual([404, 'missing'])
  })

  it('an object with only result keys and a status that is not a number is a 500 naming it, not a 200 echo', async () => {
    const logged: unknown[] = []
    const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void logged.push(args[1]) }
    const res = await run(() => ({ statusCode: 'teapot' as unknown as number, body: 'x' }), {}, { logger })
    expect(res.status).toBe(500)
    expect(String(logged[0])).toContain('statusCode must be an integer from 100 to 599, got "teapot"')
    // An object that has other keys too is a JSON payload that happens to carry a statusCode field.
    const payload = await run(() => ({ statusCode: 'OK', items: [] }))
    expect([payload.status, payload.json()]).toEqual([200, { statusCode: 'OK', items: [] }])
  })

  it.each([
    ['a Map', () => new Map([['a', 1]]), 'a Map'],
    ['a Set', () => new Set([1]), 'a Set'],
    ['a function', () => () => 1, 'a function'],
    ['a body that is a promise', () => ({ statusCode: 200, body: Promise.resolve('x') }), 'a promise (await it before returning)'],
    ['a body that is a Map', () => ({ statusCode: 200, body: new Map() }), 'a Map'],
  ])('%s is a 500 naming its type, never a silent {}', async (_name, output, kind) => {
    const logged: unknown[] = []
    const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void logged.push(args[1]) }
    const res = await run(output as HttpHandler, {}, { logger })
    expect(res.status).toBe(500)
    expect(String(logged[0])).toContain(`is ${kind}, which JSON cannot carry`)
  })

  it('an invalid statusCode or a header with CR/LF is a 500, not a malformed answer', async () => {
    const restore = silence()
    expect((await run(() => ({ statusCode: 99 }))).status).toBe(500)
    expect((await run(() => ({ statusCode: 200, headers: { 'x-bad': 'a\r\nx-injected: 1' } }))).status).toBe(500)
    expect((await run(() => ({ statusCode: 200, headers: { 'bad name': 'x' } }))).status).toBe(500)
    restore()
  })

  it('cookies are held to the rules of a set-cookie header: strings without CR/LF, in a list', async () => {
    const restore = silence()
    const bad: unknown[] = [['a=1\r\nx-injected: yes'], [5], [{ a: 1 }], 'a=1; Path=/']
    for (const cookies of bad) {
      const res = await run(() => ({ statusCode: 200, cookies: cookies as string[] }))
      expect([res.status, res.cookies]).toEqual([500, []])
    }
    restore()
    const ok = await run(() => ({ statusCode: 200, cookies: ['a=1', null as unknown as string, 'b=2; Path=/'] }))
    expect([ok.status, ok.cookies]).toEqual([200, ['a=1', 'b=2; Path=/']])
  })
})

describe('the request a handler sees', () => {
  it('has every part decoded once, with the raw event and context beside it', async () => {
    const context = aws.lambdaContext()
    const event = aws.apiGatewayV1({
      method: 'post',
      path: '/items/a%2Fb?tag=x&tag=y&q=%E2%9C%93',
      headers: { 'X-Repeat': ['1', '2'] },
      cookies: { session: 'a%20b' },
      body: { n: 1 },
      pathParameters: { id: 'a/b' },
      sourceIp: '198.51.100.7',
    })
    let seen: any
    await handle((req) => {
      seen = {
        method: req.method,
        path: req.path,
        url: req.url,
        query: { ...req.query },
        rawQuery: req.rawQuery,
        repeat: req.headers['x-repeat'],
        header: req.header('X-REPEAT'),
        cookies: { ...req.cookies },
        json: req.json(),
        text: req.text(),
        params: { ...req.params },
        ip: req.sourceIp,
        event: req.event === event,
        context: req.context === context,
      }
      return ''
    })(event, context)
    expect(seen).toEqual({
      method: 'POST',
      path: '/items/a%2Fb',
      url: '/items/a%2Fb?tag=x&tag=y&q=%E2%9C%93',
      query: { tag: ['x', 'y'], q: '✓' },
      rawQuery: 'tag=x&tag=y&q=%E2%9C%93',
      repeat: ['1', '2'],
      header: '1, 2',
      cookies: { session: 'a b' },
      json: { n: 1 },
      text: '{"n":1}',
      params: { id: 'a/b' },
      ip: '198.51.100.7',
      event: true,
      context: true,
    })
  })

  it('an HTTP API path (delivered decoded) is re-encoded for the wire', async () => {
    let path = ''
    await handle((req) => {
      path = req.path
      return ''
    })(aws.apiGatewayV2({ path: '/a%20b/%E4%BD%A0' }), aws.lambdaContext())
    expect(path).toBe('/a%20b/%E4%BD%A0')
  })

  it('strips a named HTTP API stage by default, and a base path when asked', async () => {
    const paths: string[] = []
    const entry = (options?: Parameters<typeof handle>[1]) =>
      handle((req) => {
        paths.push(req.path)
        return ''
      }, options)
    await entry()(aws.apiGatewayV2({ path: '/users', stage: 'dev' }), aws.lambdaContext())
    await entry({ stripStage: false })(aws.apiGatewayV2({ path: '/users', stage: 'dev' }), aws.lambdaContext())
    await entry({ basePath: '/api' })(aws.apiGatewayV1({ path: '/api/users' }), aws.lambdaContext())
    expect(paths).toEqual(['/users', '/dev/users', '/users'])
  })
})

describe('responseSchema', () => {
  const schema = { type: 'object', properties: { id: { type: 'string' }, total: { type: 'number' } } }

  it('serializes JSON bodies with the compiled schema, from the first invocation on', async () => {
    const entry = handle(() => ({ id: 'o1', total: 12.5, internal: 'not in the schema' }), { responseSchema: schema })
    const results = await Promise.all([entry(aws.apiGatewayV2(), aws.lambdaContext()), entry(aws.apiGatewayV2(), aws.lambdaContext())])
    for (const result of results) expect(JSON.parse((result as { body: string }).body)).toEqual({ id: 'o1', total: 12.5 })
  })

  it('also for HttpResult bodies', async () => {
    const res = await run(() => ({ statusCode: 201, body: { id: 'o2', total: 1, secret: 'x' } }), {}, { responseSchema: schema })
    expect([res.status, res.json()]).toEqual([201, { id: 'o2', total: 1 }])
  })
})
