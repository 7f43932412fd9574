import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HttpRequest, InvocationContext } from '@azure/functions'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { describeAzureContext } from '../../adapters/azure/context.js'
import * as azure from '../../adapters/azure/factories.js'
import { azureKit } from '../../adapters/azure/kit.js'
import { forgetWarnings } from '../../src/model/index.js'
import { handle, on, serve, type Invocation } from '../../src/entries/azure.js'
import { createTestKit } from '../../src/testing/request.js'
import { createExpress5, createKoa3, PNG } from '../helpers/apps.js'
import { hostAnswer as answer, streamModeSetCookie } from './host-answer.js'

// Azure Functions, Node.js programming model v4 ("Azure Functions Node.js developer guide",
// https://learn.microsoft.com/azure/azure-functions/functions-reference-node?pivots=nodejs-model-v4): the host calls
// `handler(request, context)` with the library's HttpRequest and InvocationContext and converts the returned
// HttpResponseInit with `new HttpResponse(init)` (node_modules/@azure/functions/src/converters/toRpcHttp.ts).
// These tests build both with the real @azure/functions classes, as InvocationModel.getArguments() does.

const fixture = (name: string): Record<string, unknown> => {
  const { _doc, ...rest } = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'azure', name), 'utf8'))
  return rest
}

function httpContext(init: { invocationId?: string; traceParent?: string } = {}) {
  return new InvocationContext({
    invocationId: init.invocationId ?? 'b1a2c3d4-0000-4000-8000-000000000001',
    functionName: 'api',
    traceContext: { traceParent: init.traceParent ?? '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', traceState: '', attributes: {} },
    options: { trigger: { type: 'httpTrigger', name: 'req', authLevel: 'anonymous', methods: ['GET', 'POST'] }, extraInputs: [], extraOutputs: [] } as never,
    logHandler: () => {},
  })
}

/** A request as the host builds one from its RPC HTTP data (non-streaming mode). */
function request(method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer, params: Record<string, string> = {}) {
  const data = body === undefined ? undefined : typeof body === 'string' ? { string: body } : { bytes: new Uint8Array(body) }
  return new HttpRequest({ method, url, headers: { host: 'my-app.azurewebsites.net', 'x-forwarded-for': '203.0.113.10:52344', ...headers }, params, body: data } as never)
}

afterEach(() => {
  vi.restoreAllMocks()
  forgetWarnings()
})

describe.each([
  { name: 'Express 5', create: createExpress5 },
  { name: 'Koa 3', create: createKoa3 },
])('$name through serve()', ({ create }) => {
  const entry = serve(create())

  it('parses a JSON POST body and keeps repeated query keys (decoded once)', async () => {
    const req = request('POST', 'https://my-app.azurewebsites.net/echo?tag=a&tag=b&q=x%20y%2Bz', { 'content-type': 'application/json' }, '{"hello":"wörld"}')
    const res = await answer(await entry(req, httpContext()))
    expect(res.status).toBe(200)
    const json = JSON.parse(res.body.toString())
    expect(json).toMatchObject({ method: 'POST', url: '/echo?tag=a&tag=b&q=x%20y%2Bz', body: { hello: 'wörld' }, query: { tag: ['a', 'b'], q: 'x y+z' } })
    expect(json.requestId).toBe('b1a2c3d4-0000-4000-8000-000000000001')
  })

  it('sends every Set-Cookie as a cookie object the host keeps', async () => {
    const res = await answer(await entry(request('GET', 'https://my-app.azurewebsites.net/cookies'), httpContext()))
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.cookies.map((c) => c.name)).toEqual(['session', 'theme'])
    expect(res.cookies[0]).toMatchObject({ name: 'session', value: 'abc', path: '/', httpOnly: true })
    expect((res.cookies[1]!.expires as Date).toISOString()).toBe('2030-01-01T00:00:00.000Z')
  })

  it('returns a PNG byte for byte', async () => {
    const res = await answer(await entry(request('GET', 'https://my-app.azurewebsites.net/png'), httpContext()))
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.body.equals(PNG)).toBe(true)
  })

  it('passes a binary upload through byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const res = await answer(await entry(request('POST', 'https://my-app.azurewebsites.net/upload', { 'content-type': 'application/octet-stream' }, bytes), httpContext()))
    expect(res.status).toBe(200)
    expect(res.body.equals(bytes)).toBe(true)
  })
})

describe('Azure HEAD requests', () => {
  it('Express 5: answers a HEAD with the headers of a GET and no body', async () => {
    const entry = serve(createExpress5())
    const get = await answer(await entry(request('GET', 'https://my-app.azurewebsites.net/png'), httpContext()))
    const result = await entry(request('HEAD', 'https://my-app.azurewebsites.net/png'), httpContext())
    expect(result.body).toBeUndefined()
    const head = await answer(result)
    expect(head.status).toBe(200)
    expect(head.headers['content-type']).toBe('image/png')
    expect(head.body.byteLength).toBe(0)
    expect(get.body.byteLength).toBe(PNG.byteLength)
  })

})

describe('Azure HTTP trigger with handle()', () => {
  const readAll = handle((req, inv: Invocation) => ({
    method: req.method,
    path: req.path,
    query: { ...req.query },
    rawQuery: req.rawQuery,
    body: req.text(),
    ip: req.sourceIp ?? null,
    params: { ...req.params },
    multi: req.headers['x-multi'] ?? null,
    cookies: { ...req.cookies },
    provider: inv.provider,
    trigger: inv.trigger,
    requestId: inv.requestId,
    functionName: inv.functionName,
    traceparent: inv.traceparent ?? null,
  }))

  it('reads the request and the invocation: path with the route prefix as sent, query lists, params, client IP, trace', async () => {
    const req = request('PUT', 'https://my-app.azurewebsites.net/api/items/42?tag=a&tag=b&flag', { 'x-multi': 'one, two', cookie: 'a=1; b=x%20y' }, 'hi', { id: '42' })
    const res = await answer(await readAll(req, httpContext({ invocationId: 'inv-1' })))
    expect(JSON.parse(res.body.toString())).toEqual({
      method: 'PUT',
      path: '/api/items/42',
      query: { tag: ['a', 'b'], flag: '' },
      rawQuery: 'tag=a&tag=b&flag',
      body: 'hi',
      ip: '203.0.113.10',
      params: { id: '42' },
      multi: 'one, two',
      cookies: { a: '1', b: 'x y' },
      provider: 'azure',
      trigger: 'http',
      requestId: 'inv-1',
      functionName: 'api',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    })
  })

  it('builds a body-less request without waiting for a body (no promise on the GET path)', async () => {
    const { http } = await import('../../adapters/azure/http.js')
    const built = http.toRequest(request('GET', 'https://h/x?a=1'), httpContext(), { stripStage: false, basePath: undefined })
    expect(built).not.toBeInstanceOf(Promise)
    expect((built as { path: string; body: unknown }).body).toBeUndefined()
    const posted = await http.toRequest(request('POST', 'https://h/x', {}, 'hi'), httpContext(), { stripStage: false, basePath: undefined })
    expect(posted.text()).toBe('hi')
  })

  it('strips the route prefix with basePath', async () => {
    const entry = handle((req) => req.path, { basePath: '/api' })
    const res = await answer(await entry(request('GET', 'https://my-app.azurewebsites.net/api/users/7'), httpContext()))
    expect(res.body.toString()).toBe('/users/7')
  })

  it('reads a streamed request body (enableHttpStream) through arrayBuffer()', async () => {
    const chunks = ['stream', 'ed ', 'body']
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(new TextEncoder().encode(next))
      },
    })
    // As createStreamRequest (src/http/HttpRequest.ts) builds it from the proxied request.
    const native = new Request('https://my-app.azurewebsites.net/up', { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'text/plain' } } as RequestInit)
    const req = new HttpRequest({ nativeRequest: native, params: {} } as never)
    const entry = handle((r) => ({ got: r.text() }))
    expect(JSON.parse((await answer(await entry(req, httpContext()))).body.toString())).toEqual({ got: 'streamed body' })
  })

  it('answers 204 without a body for an undefined result', async () => {
    const entry = handle(() => undefined)
    const result = await entry(request('GET', 'https://my-app.azurewebsites.net/x'), httpContext())
    expect(result).toEqual({ status: 204, headers: {}, cookies: [] })
    expect((await answer(result)).status).toBe(204)
  })

  it('answers a 1xx status, which the host cannot send, as a 502 that the host takes, and logs why', async () => {
    const lines: unknown[][] = []
    const context = new InvocationContext({ invocationId: 'i', functionName: 'f', options: { trigger: { type: 'httpTrigger', name: 'req' } } as never, logHandler: (level, ...args) => lines.push([level, ...args]) })
    const result = await handle(() => ({ statusCode: 103, headers: { link: '</a.css>; rel=preload' } }))(request('GET', 'https://h/'), context)
    // As toRpcHttp does: `new HttpResponse(init)` throws a RangeError for 1xx.
    const res = await answer(result)
    expect(res.status).toBe(502)
    expect(JSON.parse(res.body.toString())).toEqual({ error: 'Bad Gateway' })
    expect(lines.some(([level, line]) => level === 'error' && String(line).includes('status 103'))).toBe(true)
  })

  it('leaves out, with a warning, a header value the host cannot hold (above U+00FF) instead of failing the answer', async () => {
    const lines: unknown[][] = []
    const context = new InvocationContext({ invocationId: 'i', functionName: 'f', options: { trigger: { type: 'httpTrigger', name: 'req' } } as never, logHandler: (level, ...args) => lines.push([level, ...args]) })
    const result = await handle(() => ({ statusCode: 200, headers: { 'x-name': '\u4f60\u597d', 'x-latin': 'caf\u00e9' }, body: 'ok' }))(request('GET', 'https://h/'), context)
    const res = await answer(result)
    expect(res.headers['x-name']).toBeUndefined()
    expect(res.headers['x-latin']).toBe('caf\u00e9')
    expect(res.body.toString()).toBe('ok')
    expect(lines.some(([level, line]) => level === 'warning' && String(line).includes('x-name'))).toBe(true)
  })

  it('reads the context: invocationId, functionName, traceParent, the app name and region from the environment', () => {
    const info = describeAzureContext(httpContext({ invocationId: 'x' }), undefined, { WEBSITE_SITE_NAME: 'my-app', REGION_NAME: 'West Europe' })
    expect(info).toMatchObject({ requestId: 'x', functionName: 'api', namespace: 'my-app', region: 'West Europe', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })
    expect(info.timeoutMs).toBeUndefined()
    expect(describeAzureContext({ awsRequestId: 'x', functionName: 'f' })).toEqual({})
  })

  it("logs through the context's log methods", async () => {
    const lines: unknown[][] = []
    const context = new InvocationContext({ invocationId: 'i', functionName: 'f', options: { trigger: { type: 'httpTrigger', name: 'req' } } as never, logHandler: (level, ...args) => lines.push([level, ...args]) })
    const entry = handle((_req, inv) => {
      inv.logger.warn('careful')
      return 'ok'
    })
    await entry(request('GET', 'https://my-app.azurewebsites.net/'), context)
    expect(lines).toContainEqual(['warning', 'careful'])
  })
})

describe('Azure cookies', () => {
  const cookies = (...list: string[]) => handle(() => ({ statusCode: 200, cookies: list, body: 'ok' }))

  it('hands the host decoded values, which it URL-encodes back to the same bytes', async () => {
    const result = await cookies('token=a%2Fb%3D%3D; Path=/; Secure; SameSite=lax; Max-Age=60; Domain=example.com')(request('GET', 'https://h/'), httpContext())
    const res = await answer(result)
    expect(res.cookies).toEqual([{ name: 'token', value: 'a/b==', path: '/', secure: true, sameSite: 'Lax', maxAge: 60, domain: 'example.com' }])
    expect(azureKit.http[0]!.decode(result).cookies).toEqual(['token=a%2Fb%3D%3D; max-age=60; domain=example.com; path=/; secure; samesite=lax'])
  })

  it('keeps a lone cookie that a cookie object cannot carry (Partitioned) as a header, exactly', async () => {
    const header = '__Host-id=1; Path=/; Secure; Partitioned'
    const res = await answer(await cookies(header)(request('GET', 'https://h/'), httpContext()))
    expect(res.cookies).toEqual([])
    expect(res.headers['set-cookie']).toBe(header)
  })

  it('leaves out, with the warning, a cookie whose name no cookie object can carry (the host would throw on it)', async () => {
    const lines: unknown[][] = []
    const context = new InvocationContext({ invocationId: 'i', functionName: 'f', options: { trigger: { type: 'httpTrigger', name: 'req' } } as never, logHandler: (level, ...args) => lines.push([level, ...args]) })
    const result = await cookies('bad name=1', 'ok=2')(request('GET', 'https://h/'), context)
    const res = await answer(result)
    expect(res.cookies).toEqual([{ name: 'ok', value: '2' }])
    // HTTP streaming mode writes each object with the `cookie` package, which throws for a name that is not a token.
    expect(res.cookies.map(streamModeSetCookie)).toEqual(['ok=2'])
    expect(lines.find(([level, line]) => level === 'warning' && String(line).includes('Cookie objects'))?.[1]).toContain('1 not at all')
  })

  it('leaves out a Domain or Path the streaming host refuses, so the answer still goes out', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const res = await answer(await cookies('a=1; Domain=bad domain; Path=/x', 'b=2; Path=/caf\u00e9')(request('GET', 'https://h/'), httpContext()))
    expect(res.cookies).toEqual([{ name: 'a', value: '1', path: '/x' }, { name: 'b', value: '2' }])
    expect(res.cookies.map(streamModeSetCookie)).toEqual(['a=1; Path=/x', 'b=2'])
  })

  it('hands over an inexact value decoded, so the client reads back the value the app meant, not one encoded twice', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const res = await answer(await cookies('a=x%2Fy!', 'b=2')(request('GET', 'https://h/'), httpContext()))
    expect(res.cookies[0]).toEqual({ name: 'a', value: 'x/y!' })
    // Both host modes URL-encode it once; a cookie parser decodes it once.
    expect(decodeURIComponent(streamModeSetCookie(res.cookies[0]!).slice(2))).toBe('x/y!')
    expect(decodeURIComponent(azureKit.http[0]!.decode({ cookies: res.cookies }).cookies[0]!.slice(2))).toBe('x/y!')
  })

  it('sends a lone cookie with characters a header cannot hold as an object, which the host URL-encodes', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const res = await answer(await cookies('name=\u4f60\u597d; Path=/')(request('GET', 'https://h/'), httpContext()))
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.cookies).toEqual([{ name: 'name', value: '\u4f60\u597d', path: '/' }])
    expect(streamModeSetCookie(res.cookies[0]!)).toBe('name=%E4%BD%A0%E5%A5%BD; Path=/')
  })

  it('sends several cookies as objects and warns once about what one of them lost', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const entry = cookies('a=1; Priority=High', 'b=2')
    const context = () => new InvocationContext({ invocationId: 'i', functionName: 'f', options: { trigger: { type: 'httpTrigger', name: 'req' } } as never })
    const res = await answer(await entry(request('GET', 'https://h/'), context()))
    await entry(request('GET', 'https://h/'), context())
    expect(res.cookies).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '2' }])
    const warnings = warn.mock.calls.filter((c) => String(c[0]).includes('Cookie objects'))
    expect(warnings).toHaveLength(1)
    expect(String(warnings[0]![0])).toContain('Priority=High')
  })
})

describe('Azure bad HTTP input', () => {
  const entry = handle(() => 'ok')

  it('answers 400 naming url when it is not absolute', async () => {
    const result = await entry({ method: 'GET', url: 'nope', headers: {} }, httpContext())
    expect(result.status).toBe(400)
    expect(Buffer.from(result.body).toString()).toContain('url')
  })

  it('answers 400 naming method and headers', async () => {
    const bad = await entry({ method: 'G E T', url: 'https://h/', headers: {} }, httpContext())
    expect(Buffer.from(bad.body).toString()).toContain('method')
    const readsHeaders = handle((req) => req.headers)
    const res = await readsHeaders({ method: 'GET', url: 'https://h/', headers: { a: 1 } }, httpContext())
    expect(res.status).toBe(400)
    expect(Buffer.from(res.body).toString()).toContain('headers.a')
  })

  it('answers 400 naming body when it was already read', async () => {
    const req = request('POST', 'https://h/', {}, 'x')
    await req.text()
    const res = await entry(req, httpContext())
    expect(res.status).toBe(400)
    expect(Buffer.from(res.body).toString()).toContain('body')
  })

  it('rejects with UnsupportedEventError what comes without an Azure context', async () => {
    await expect(entry(request('GET', 'https://h/'), {})).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
    await expect(entry({ httpMethod: 'GET', path: '/' }, { awsRequestId: 'x' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
    const timerContext = azure.timer().context
    await expect(entry({}, timerContext)).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
  })
})

describe('Azure non-HTTP triggers through on()', () => {
  it('timer: triggerName is the function name, scheduledTime the start', async () => {
    const seen: unknown[] = []
    const entry = on({ timer: (t) => void seen.push(t) })
    const { input, context } = azure.timer({ functionName: 'nightly', isPastDue: true })
    const before = Date.now()
    await entry(input, context)
    // Timer object as documented in "Timer trigger for Azure Functions" (Usage) and the Timer interface of @azure/functions.
    expect(seen[0]).toMatchObject({ kind: 'timer', provider: 'azure', trigger: 'timer', triggerName: 'nightly', id: context.invocationId, raw: input })
    expect(Date.parse((seen[0] as { scheduledTime: string }).scheduledTime)).toBeGreaterThanOrEqual(before - 1000)
  })

  it('storage blob: container and name from triggerMetadata, size and etag from its properties', async () => {
    const seen: unknown[] = []
    const entry = on({ storage: (s) => void seen.push(s) })
    const metadata = fixture('blob.metadata.json')
    const context = azure.azureContext({ trigger: 'blobTrigger', triggerMetadata: metadata })
    await entry(Buffer.from('a,b\n1,2\n3,4\n5,6\n7'), context)
    expect(seen[0]).toMatchObject({
      kind: 'storage',
      provider: 'azure',
      trigger: 'blob',
      bucket: 'samples-workitems',
      key: 'reports/2025/march report.csv',
      size: 18,
      etag: '"0x8DD5B2C3D4E5F60"',
      action: 'created',
      eventName: 'Microsoft.Storage.BlobCreated',
      source: 'https://mystorageaccount.blob.core.windows.net/samples-workitems',
      time: '2025-03-04T09:30:00+00:00',
    })
  })

  it('storage queue: an S3-shaped JSON message stays an Azure queue message', async () => {
    const seen: Array<{ messageId: string; body: string; attributes: Record<string, string>; queue: string | undefined; json(): unknown }> = []
    const entry = on({ queue: (m) => void seen.push(m as never) })
    const s3Shaped = { Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] }
    const context = azure.azureContext({ trigger: 'queueTrigger', triggerOptions: { queueName: 'orders' }, triggerMetadata: fixture('storage-queue.metadata.json') })
    await entry(s3Shaped, context)
    expect(seen[0]!.messageId).toBe('7d0a2c4e-5b1f-4a37-9f5e-0c1d2e3f4a5b')
    expect(seen[0]!.json()).toEqual(s3Shaped)
    expect(seen[0]!.queue).toBe('orders')
    expect(seen[0]!.attributes).toMatchObject({ dequeueCount: '2', popReceipt: 'AgAAAAMAAAAAAAAAw2Tc3hyt2wE=' })
  })

  it('storage queue: a failed message throws, so the host retries it', async () => {
    const entry = on({ queue: () => Promise.reject(new Error('db down')) })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { input, context } = azure.storageQueue('hello')
    await expect(entry(input, context)).rejects.toMatchObject({ code: 'BATCH_FAILED' })
  })

  it('Service Bus: one message with its metadata and application properties', async () => {
    const seen: Array<{ messageId: string; body: string; attributes: Record<string, string>; subject: string | undefined; queue: string | undefined }> = []
    const entry = on({ queue: (m) => void seen.push(m as never) })
    const context = azure.azureContext({ trigger: 'serviceBusTrigger', triggerOptions: { queueName: 'orders', cardinality: 'one' }, triggerMetadata: fixture('service-bus.metadata.json') })
    await entry({ orderId: 1001 }, context)
    expect(seen[0]).toMatchObject({ messageId: '9f2b6c1d4e5a4b7c8d9e0f1a2b3c4d5e', body: '{"orderId":1001}', subject: 'order.created', queue: 'orders' })
    expect(seen[0]!.attributes).toMatchObject({ deliveryCount: '1', sequenceNumber: '42', correlationId: 'order-1001', tenant: 'contoso', priority: '5' })
  })

  it('Service Bus batch: one record per message; a failure fails the invocation naming it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const bodies: string[] = []
    const entry = on({
      queue: (m) => {
        bodies.push(m.body)
        if (m.body === 'two') throw new Error('bad two')
      },
    })
    const { input, context } = azure.serviceBusTopic([{ body: 'one', messageId: 'm1' }, { body: 'two', messageId: 'm2' }, 'three'], { cardinality: 'many' })
    await expect(entry(input, context)).rejects.toMatchObject({ code: 'BATCH_FAILED', failures: [{ index: 1, id: 'm2', reason: 'bad two' }] })
    expect(bodies).toEqual(['one', 'two', 'three'])
  })

  it('Event Grid: both schemas become event records', async () => {
    const seen: Array<Record<string, unknown>> = []
    const entry = on({ event: (e) => void seen.push(e as never) })
    const grid = fixture('event-grid.blob-created.json')
    await entry(grid, azure.azureContext({ trigger: 'eventGridTrigger' }))
    expect(seen[0]).toMatchObject({ kind: 'event', id: '831e1650-001e-001b-66ab-eeb76e069631', type: 'Microsoft.Storage.BlobCreated', source: grid.topic, subject: grid.subject, time: '2017-06-26T18:41:00.9584103Z', data: grid.data })
    const cloud = azure.eventGrid({ schema: 'cloudevents', eventType: 'Contoso.Items.ItemReceived', data: { n: 1 } })
    await entry(cloud.input, cloud.context)
    expect(seen[1]).toMatchObject({ kind: 'event', type: 'Contoso.Items.ItemReceived', data: { n: 1 } })
  })

  it('Event Grid: a CloudEvent with binary data (data_base64) gives its bytes as data', async () => {
    const seen: Array<{ data: unknown; extensions: Record<string, unknown> }> = []
    const entry = on({ event: (e) => void seen.push(e as never) })
    // CloudEvents JSON format, "Handling of data": binary data travels as data_base64.
    const bytes = Buffer.from([0, 1, 2, 250, 255])
    const event = { specversion: '1.0', id: 'e1', source: '/my/source', type: 'Contoso.Binary', datacontenttype: 'application/octet-stream', data_base64: bytes.toString('base64') }
    await entry(event, azure.azureContext({ trigger: 'eventGridTrigger' }))
    expect(Buffer.isBuffer(seen[0]!.data) && (seen[0]!.data as Buffer).equals(bytes)).toBe(true)
  })
})

describe('Azure bad non-HTTP input', () => {
  const entry = on({ timer: () => {}, storage: () => {}, queue: () => {}, event: () => {} })
  const cases: Array<[string, unknown, azure.AzureContext, string]> = [
    ['a timer input that is not an object', 'x', azure.timer().context, 'timer'],
    ['a timer with a non-boolean isPastDue', { isPastDue: 'yes' }, azure.timer().context, 'isPastDue'],
    ['a blob without blobTrigger', Buffer.from('x'), azure.azureContext({ trigger: 'blobTrigger', triggerMetadata: {} }), 'triggerMetadata.blobTrigger'],
    ['a blob path without a name', Buffer.from('x'), azure.azureContext({ trigger: 'blobTrigger', triggerMetadata: { blobTrigger: 'container' } }), 'triggerMetadata.blobTrigger'],
    ['a queue message without an id', 'x', azure.azureContext({ trigger: 'queueTrigger', triggerMetadata: {} }), 'triggerMetadata.id'],
    ['a Service Bus message without a messageId', 'x', azure.azureContext({ trigger: 'serviceBusTrigger', triggerMetadata: {} }), 'triggerMetadata.messageId'],
    ['a Service Bus batch that is not a list', 'x', azure.azureContext({ trigger: 'serviceBusTrigger', triggerOptions: { cardinality: 'many' } }), 'messages'],
    ['an Event Grid event without an id', { topic: 't', eventType: 'e' }, azure.azureContext({ trigger: 'eventGridTrigger' }), 'id'],
    ['a CloudEvent without a source', { specversion: '1.0', id: '1', type: 't' }, azure.azureContext({ trigger: 'eventGridTrigger' }), 'source'],
    ['a CloudEvent whose data_base64 is not a string', { specversion: '1.0', id: '1', source: 's', type: 't', data_base64: 5 }, azure.azureContext({ trigger: 'eventGridTrigger' }), 'data_base64'],
    ['a CloudEvent with both data and data_base64', { specversion: '1.0', id: '1', source: 's', type: 't', data: {}, data_base64: 'AA==' }, azure.azureContext({ trigger: 'eventGridTrigger' }), 'data_base64'],
    ['a CloudEvent whose data_base64 is not base64', { specversion: '1.0', id: '1', source: 's', type: 't', data_base64: 'not base64!' }, azure.azureContext({ trigger: 'eventGridTrigger' }), 'data_base64'],
  ]
  it.each(cases)('%s is an InvalidEventError naming the field', async (_name, input, context, field) => {
    await expect(entry(input, context)).rejects.toMatchObject({ code: 'INVALID_EVENT', field })
  })

  it('a trigger faasport does not read (Cosmos DB) is an UnsupportedEventError', async () => {
    await expect(entry([], azure.azureContext({ trigger: 'cosmosDBTrigger' }))).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' })
  })

  it('a batch message without its id is reported alone, the others still run', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const ran: string[] = []
    const batch = on({ queue: (m) => void ran.push(m.body) })
    const context = azure.azureContext({ trigger: 'serviceBusTrigger', triggerOptions: { cardinality: 'many' }, triggerMetadata: { messageIdArray: ['a'] } })
    await expect(batch(['one', 'two'], context)).rejects.toMatchObject({ code: 'BATCH_FAILED', failures: [{ index: 1 }] })
    expect(ran).toEqual(['one'])
  })
})

describe('Azure test kit', () => {
  const kit = createTestKit([azureKit])

  it('request() sends a request through the look-alike HttpRequest and decodes the HttpResponseInit', async () => {
    const res = await kit.request(serve(createExpress5()), { method: 'POST', path: '/echo?x=1&x=2', body: { a: 1 }, cookies: { c: '3' } })
    expect(res.status).toBe(200)
    expect(res.json()).toMatchObject({ method: 'POST', body: { a: 1 }, query: { x: ['1', '2'] }, cookie: 'c=3' })
    const cookies = await kit.request(serve(createExpress5()), { path: '/cookies' })
    expect(cookies.cookies).toEqual(['session=abc; path=/; httponly', 'theme=dark; expires=Tue, 01 Jan 2030 00:00:00 GMT; path=/'])
  })

  it('the look-alike request behaves like the real one for the adapter', async () => {
    const read = handle(async (req) => ({ path: req.path, q: { ...req.query }, ip: req.sourceIp, body: req.text() }))
    const init = { method: 'POST', path: '/p?a=1&a=2', body: 'hello', sourceIp: '198.51.100.7' }
    const look = azureKit.http[0]!.decode(await read(azure.httpRequest(init), azure.azureContext()))
    const real = azureKit.http[0]!.decode(await read(request('POST', 'https://my-app.azurewebsites.net/p?a=1&a=2', { 'x-forwarded-for': '198.51.100.7:50001' }, 'hello'), httpContext()))
    expect(look.body.toString()).toBe(real.body.toString())
    expect(JSON.parse(real.body.toString())).toEqual({ path: '/p', q: { a: ['1', '2'] }, ip: '198.51.100.7', body: 'hello' })
  })

  it('invoke() runs a non-HTTP call given its input and context; mockContext is an InvocationContext look-alike', async () => {
    const seen: string[] = []
    const entry = on({ queue: (m) => void seen.push(m.body) })
    const call = azure.storageQueue({ hello: 'world' })
    await kit.invoke(entry, call.input, call.context)
    expect(seen).toEqual(['{"hello":"world"}'])
    const context = kit.mockContext('azure', { functionName: 'f', trigger: 'timerTrigger' }) as azure.AzureContext
    expect(context).toMatchObject({ functionName: 'f', options: { trigger: { type: 'timerTrigger' } } })
    expect(typeof context.invocationId).toBe('string')
  })

  it('decode() refuses what the host would not read', () => {
    const decode = azureKit.http[0]!.decode
    expect(() => decode('x')).toThrow(/not an HttpResponseInit/)
    expect(() => decode({ statusCode: 200 })).toThrow(/statusCode/)
    expect(() => decode({ status: 200, cookies: [{ name: 'a' }] })).toThrow(/cookie/)
    // As `new HttpResponse(init)` (a WHATWG Response) refuses them.
    expect(() => decode({ status: 101 })).toThrow(/200 to 599/)
    expect(() => decode({ status: 600 })).toThrow(/200 to 599/)
    expect(decode({ headers: [['a', 'b']], body: 'x' })).toMatchObject({ status: 200, headers: { a: ['b'] } })
  })
})
