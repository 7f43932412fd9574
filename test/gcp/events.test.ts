import { afterAll, describe, expect, it, vi } from 'vitest'
import * as events from '../../adapters/gcp/factories.js'
import { on } from '../../src/entries/gcp.js'
import { on as onAnyCloud, type EnvelopeEvent, type QueueMessage, type StorageEvent } from '../../src/index.js'
import { invoke } from '../../src/entries/testing.js'
import { cloudEventFunction, type FrameworkServer } from '../helpers/functions-framework.js'

// CloudEvent functions under the real Functions Framework: Eventarc delivers events over HTTP in binary mode
// (`ce-*` headers, the data as the body) and the framework also takes structured mode
// (`application/cloudevents+json`); https://cloud.google.com/eventarc/docs/cloudevents lists the types and data.

const servers: FrameworkServer[] = []
async function start(entry: (event: any, ...rest: any[]) => unknown): Promise<FrameworkServer> {
  const server = await cloudEventFunction(entry)
  servers.push(server)
  return server
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

/** Sends `event` as Eventarc does: binary content mode. */
function binary(server: FrameworkServer, event: Record<string, unknown>, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders }
  for (const [name, value] of Object.entries(event)) if (name !== 'data' && typeof value === 'string') headers[`ce-${name}`] = value
  return server.send({ method: 'POST', headers, body: JSON.stringify(event.data) })
}

describe('Pub/Sub messagePublished', () => {
  it('reaches the queue route with the body decoded, the attributes and the message id', async () => {
    const seen: QueueMessage[] = []
    const server = await start(on({ queue: (message) => void seen.push(message) }))
    const event = events.pubsub({ data: '{"order":42}', attributes: { origin: 'checkout' }, messageId: '1234567890', topic: 'orders' })
    const res = await binary(server, event as unknown as Record<string, unknown>, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })
    expect(res.status).toBe(204)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ kind: 'queue', provider: 'gcp', trigger: 'pubsub', messageId: '1234567890', body: '{"order":42}', attributes: { origin: 'checkout' }, queue: 'orders', type: 'google.cloud.pubsub.topic.v1.messagePublished' })
    expect(seen[0]!.json()).toEqual({ order: 42 })
    expect(seen[0]!.bytes!.toString()).toBe('{"order":42}')
  })

  it('keeps a binary payload exact in bytes', async () => {
    let bytes: Buffer | undefined
    const server = await start(on({ queue: (message) => void (bytes = message.bytes) }))
    const payload = Buffer.from([0, 255, 128, 10, 13])
    await binary(server, events.pubsub({ data: payload }) as unknown as Record<string, unknown>)
    expect(bytes!.equals(payload)).toBe(true)
  })

  it('reads the event in structured mode too, with the trace and the invocation filled', async () => {
    let invocation: { requestId: string; traceparent: string | undefined; provider: string; trigger: string } | undefined
    const server = await start(on({ queue: (_m, inv) => void (invocation = { requestId: inv.requestId, traceparent: inv.traceparent, provider: inv.provider, trigger: inv.trigger }) }))
    const event = events.pubsub({ data: 'hello', messageId: 'm-1' })
    const res = await server.send({
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      body: JSON.stringify(event),
    })
    expect(res.status).toBe(204)
    expect(invocation).toEqual({ requestId: 'm-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', provider: 'gcp', trigger: 'pubsub' })
  })

  it('answers 500 when the record fails, so Pub/Sub delivers it again', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await start(
      on({
        queue: () => {
          throw new Error('downstream unavailable')
        },
      }),
    )
    const res = await binary(server, events.pubsub('x') as unknown as Record<string, unknown>)
    errors.mockRestore()
    expect(res.status).toBe(500)
  })

  it('rejects a message without an id as an invalid event naming the field', async () => {
    const event = events.pubsub('x')
    delete (event.data!.message as { messageId?: string }).messageId
    await expect(invoke(on({ queue: () => {} }), event)).rejects.toThrow(/gcp\/pubsub.*data\.message\.messageId/)
    const broken = events.pubsub('x')
    broken.data!.message.data = 'not base64!'
    await expect(invoke(on({ queue: () => {} }), broken)).rejects.toThrow(/data\.message\.data must be base64/)
    // A length no base64 text has (5 characters) is refused too, as every base64 field faasport reads is.
    broken.data!.message.data = 'abcde'
    await expect(invoke(on({ queue: () => {} }), broken)).rejects.toThrow(/data\.message\.data must be base64/)
  })
})

describe('Pub/Sub push subscriptions that call the function directly (no Eventarc)', () => {
  // The push request body: https://cloud.google.com/pubsub/docs/push ("Receive messages"), `{ message, subscription }`.
  const subscription = 'projects/my-project/subscriptions/orders-push'

  it('reaches the queue route once the framework made it a CloudEvent (a message with data)', async () => {
    const seen: QueueMessage[] = []
    const server = await start(on({ queue: (message) => void seen.push(message) }))
    const res = await server.send({
      method: 'POST',
      path: '/projects/my-project/topics/orders',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { data: Buffer.from('{"order":7}').toString('base64'), attributes: { origin: 'push' }, messageId: '42', publishTime: '2024-05-01T10:00:00Z' }, subscription }),
    })
    expect(res.status).toBe(204)
    expect(seen[0]).toMatchObject({ trigger: 'pubsub', messageId: '42', body: '{"order":7}', attributes: { origin: 'push' }, queue: 'orders' })
  })

  it('reaches the queue route with a message that has attributes only, which the framework hands over as it came', async () => {
    const seen: QueueMessage[] = []
    const server = await start(on({ queue: (message) => void seen.push(message) }))
    const res = await server.send({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { attributes: { objectId: 'a.txt' }, messageId: '43', message_id: '43', publishTime: '2024-05-01T10:00:01Z' }, subscription }),
    })
    expect(res.status).toBe(204)
    expect(seen[0]).toMatchObject({ kind: 'queue', provider: 'gcp', trigger: 'pubsub', messageId: '43', body: '', attributes: { objectId: 'a.txt' }, time: '2024-05-01T10:00:01Z', source: `//pubsub.googleapis.com/${subscription}`, queue: undefined })
    const anyCloud: string[] = []
    await invoke(onAnyCloud({ queue: (m) => void anyCloud.push(`${m.provider}/${m.trigger}:${m.messageId}`) }), { message: { attributes: { a: 'b' }, messageId: '44' }, subscription })
    expect(anyCloud).toEqual(['gcp/pubsub:44'])
  })
})

describe('Cloud Storage object events', () => {
  it.each([
    ['finalized', 'created'],
    ['deleted', 'removed'],
    ['archived', 'other'],
    ['metadataUpdated', 'other'],
  ] as const)('%s reaches the storage route as %s', async (name, action) => {
    const seen: StorageEvent[] = []
    const server = await start(on({ storage: (record) => void seen.push(record) }))
    const res = await binary(server, events.storage({ event: name, bucket: 'uploads', name: 'photos/cat 1.jpg', size: 2048 }) as unknown as Record<string, unknown>)
    expect(res.status).toBe(204)
    expect(seen[0]).toMatchObject({ kind: 'storage', provider: 'gcp', trigger: 'storage', bucket: 'uploads', key: 'photos/cat 1.jpg', size: 2048, action, eventName: name })
  })

  it('rejects a size that is not a byte count', async () => {
    const event = events.storage({ name: 'a' })
    event.data!.size = 'many'
    await expect(invoke(on({ storage: () => {} }), event)).rejects.toThrow(/gcp\/storage.*data\.size/)
  })
})

describe('any other CloudEvent', () => {
  it('reaches the event route with its attributes, data and extensions', async () => {
    const seen: EnvelopeEvent[] = []
    const server = await start(on({ event: (record) => void seen.push(record as EnvelopeEvent) }))
    // An audit log entry through Eventarc: https://cloud.google.com/eventarc/docs/cloudevents#cloud-audit-logs
    const event = events.cloudEvent({
      type: 'google.cloud.audit.log.v1.written',
      source: '//cloudaudit.googleapis.com/projects/my-project/logs/activity',
      subject: 'storage.googleapis.com/projects/_/buckets/my-bucket',
      data: { protoPayload: { methodName: 'storage.buckets.create' } },
      extensions: { methodname: 'storage.buckets.create', servicename: 'storage.googleapis.com' },
    })
    const res = await binary(server, event as unknown as Record<string, unknown>)
    expect(res.status).toBe(204)
    expect(seen[0]).toMatchObject({
      kind: 'event',
      provider: 'gcp',
      trigger: 'cloudevent',
      type: 'google.cloud.audit.log.v1.written',
      subject: 'storage.googleapis.com/projects/_/buckets/my-bucket',
      data: { protoPayload: { methodName: 'storage.buckets.create' } },
      extensions: { methodname: 'storage.buckets.create', servicename: 'storage.googleapis.com' },
    })
  })

  it('carries the bytes of a structured-mode data_base64 as its data', async () => {
    // CloudEvents JSON format, section 3.1 (https://github.com/cloudevents/spec/blob/main/cloudevents/formats/json-format.md):
    // binary data travels base64 in `data_base64`; the framework passes the parsed body through unchanged.
    const seen: EnvelopeEvent[] = []
    const server = await start(on({ event: (record) => void seen.push(record as EnvelopeEvent) }))
    const payload = Buffer.from([0, 1, 254, 255])
    const res = await server.send({
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: 'b-1', source: '//example/bin', type: 'com.example.binary', datacontenttype: 'application/octet-stream', data_base64: payload.toString('base64') }),
    })
    expect(res.status).toBe(204)
    expect(Buffer.isBuffer(seen[0]!.data) && (seen[0]!.data as Buffer).equals(payload)).toBe(true)
    await expect(invoke(on({ event: () => {} }), { specversion: '1.0', id: 'b-2', source: '/s', type: 'com.example.binary', data_base64: 'not base64!' })).rejects.toThrow(/gcp\/cloudevent.*data_base64/)
  })

  it('is an UnsupportedEventError naming it when on() has no route for it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await start(on({ queue: () => {} }))
    const res = await binary(server, events.cloudEvent({ type: 'com.example.custom', source: '/shop', data: { a: 1 } }) as unknown as Record<string, unknown>)
    const logged = errors.mock.calls.flat().map(String).join('\n')
    errors.mockRestore()
    expect(res.status).toBe(500)
    expect(logged).toMatch(/gcp\/cloudevent/)
  })
})

describe('the all-clouds entry', () => {
  it('routes Cloud Run functions events, asking the other clouds first', async () => {
    const seen: string[] = []
    const entry = onAnyCloud({ queue: (m) => void seen.push(`${m.provider}:${m.body}`), storage: (s) => void seen.push(`${s.provider}:${s.key}`) })
    await invoke(entry, events.pubsub('from gcp'))
    await invoke(entry, events.storage({ name: 'k' }))
    expect(seen).toEqual(['gcp:from gcp', 'gcp:k'])
  })
})
