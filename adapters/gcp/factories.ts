import { EventEmitter } from 'node:events'
import { Readable } from 'node:stream'
import { randomHex, resolveEventInit, type HttpEventInit } from '../../src/model/event-init.js'
import { parseQuery } from '../../src/model/query.js'
import type { GcpCloudEvent } from './cloud-event.js'
import type { GcpHttpRequest, GcpHttpResponse } from './http.js'
import type { GcpPubSubData } from './pubsub.js'
import type { GcpStorageObjectData } from './storage.js'

// Real-shaped Cloud Run functions invocations for tests, as the Functions Framework hands them over
// (https://github.com/GoogleCloudPlatform/functions-framework-nodejs, src/server.ts and src/function_wrappers.ts):
// an HTTP function gets the framework's Express `req` (body already read: bytes in `rawBody`, the parsed value in
// `body`) and `res`; a CloudEvent function gets the event's attributes and `data`.

const PROJECT = 'my-project'

/** One chunk written to a recorded response, with when it was written. */
export interface GcpRecordedChunk {
  /** Milliseconds after the response recorder was made. */
  atMs: number
  /** The bytes of this write. */
  data: Buffer
}

/** What a `GcpResponseRecorder` recorded: the answer the client would get. */
export interface GcpRecordedResponse {
  /** The status code set; 200 when none was. */
  statusCode: number
  /** The headers set, by lower-case name; `set-cookie` a list. */
  headers: Record<string, string | string[]>
  /** The body written, as bytes. */
  body: Buffer
  /** Every write, in order, with its time: a streamed answer has several. */
  chunks: GcpRecordedChunk[]
  /** Whether the head went out before the body ended (a streamed answer's head is flushed at once). */
  headFlushedEarly: boolean
}

/**
 * A recorder with the part of Node's `ServerResponse` (the framework's Express `res`) that functions use:
 * `statusCode`, `setHeader`/`getHeader`/`removeHeader`, `write`/`end` with callbacks, `flushHeaders`, `headersSent`,
 * `writableFinished`, the `drain`/`finish`/`close` events, and the framework's `locals.functionExecutionFinished`.
 */
export class GcpResponseRecorder extends EventEmitter implements GcpHttpResponse {
  /** The status code to send; 200 until set. */
  statusCode = 200
  /** The framework's per-request values: `functionExecutionFinished` turns true when the response ends. */
  readonly locals: Record<string, unknown> = { functionExecutionFinished: false }
  /** Whether the head has gone out (flushed, or with the first write). */
  headersSent = false
  /** Whether the response has ended. */
  writableFinished = false
  readonly #headers: Record<string, string | string[]> = {}
  readonly #chunks: GcpRecordedChunk[] = []
  readonly #startedAt = Date.now()
  #flushedEarly = false
  #resolve!: (recorded: GcpRecordedResponse) => void
  /** Resolves when the response has ended. */
  readonly finished: Promise<GcpRecordedResponse> = new Promise((resolve) => (this.#resolve = resolve))

  /** Sets a header (by lower-case name), replacing an earlier value; refused once the head went out, as Node does. */
  setHeader(name: string, value: string | readonly string[]): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' })
    this.#headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value]
    return this
  }
  /** A header's value. */
  getHeader(name: string): string | string[] | undefined {
    return this.#headers[name.toLowerCase()]
  }
  /** The names of the headers set so far. */
  getHeaderNames(): string[] {
    return Object.keys(this.#headers)
  }
  /** Removes a header. */
  removeHeader(name: string): void {
    delete this.#headers[name.toLowerCase()]
  }
  /** Sends the head now. */
  flushHeaders(): void {
    if (!this.headersSent && !this.writableFinished) this.#flushedEarly = true
    this.headersSent = true
  }
  /** Writes a chunk; always ready for more (a test reader has no backpressure). */
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.writableFinished) throw new Error('write after end')
    this.headersSent = true
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)
    if (data.length > 0) this.#chunks.push({ atMs: Date.now() - this.#startedAt, data })
    if (callback) process.nextTick(callback)
    return true
  }
  /** Ends the response, with a last chunk if given. */
  end(chunkOrCallback?: Uint8Array | string | (() => void), callback?: () => void): this {
    if (this.writableFinished) return this
    const done = typeof chunkOrCallback === 'function' ? chunkOrCallback : callback
    if (chunkOrCallback !== undefined && typeof chunkOrCallback !== 'function') this.write(chunkOrCallback)
    this.headersSent = true
    this.writableFinished = true
    this.locals.functionExecutionFinished = true
    const recorded: GcpRecordedResponse = {
      statusCode: this.statusCode,
      headers: { ...this.#headers },
      body: Buffer.concat(this.#chunks.map((c) => c.data)),
      chunks: this.#chunks.slice(),
      headFlushedEarly: this.#flushedEarly,
    }
    process.nextTick(() => {
      done?.()
      this.emit('finish')
      this.emit('close')
      this.#resolve(recorded)
    })
    return this
  }
  /** Closes the response as a cut connection: the client sees no clean end. */
  destroy(): this {
    if (this.writableFinished) return this
    this.writableFinished = false
    process.nextTick(() => this.emit('close'))
    this.#resolve({ statusCode: this.statusCode, headers: { ...this.#headers }, body: Buffer.concat(this.#chunks.map((c) => c.data)), chunks: this.#chunks.slice(), headFlushedEarly: this.#flushedEarly })
    return this
  }
}

/** The request for a Cloud Run functions HTTP call. */
export interface GcpHttpInit extends HttpEventInit {
  /** The `function-execution-id` the platform sends (also `req.executionId`). Default a random one. */
  executionId?: string
}

type ParsedBody = Buffer | string | Record<string, unknown> | unknown[] | undefined

/** The value the framework's body parsers leave in `req.body` (JSON, text, form, else the bytes). */
function parsedBody(bytes: Buffer, contentType: string): ParsedBody {
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json' || type === 'application/cloudevents+json' || type.endsWith('+json')) {
    try {
      return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
    } catch {
      return bytes // The real framework answers 400 before the function runs; the kit hands the bytes on.
    }
  }
  if (type.startsWith('text/')) return bytes.toString('utf8')
  if (type === 'application/x-www-form-urlencoded') return { ...parseQuery(bytes.toString('utf8')) }
  return bytes
}

/**
 * A Cloud Run functions HTTP call as the Functions Framework makes it: `req` with `method`, `url`/`originalUrl`,
 * lower-case `headers` (repeats comma-joined, as Node joins them) and `headersDistinct`, `executionId`, and the
 * body already read (`rawBody` bytes and the parsed `body`); `res` records the answer.
 */
export function http(init: GcpHttpInit = {}): { req: GcpHttpRequest & Readable; res: GcpResponseRecorder } {
  const r = resolveEventInit(init)
  // The framework takes the execution id from the header, and makes one up without it.
  const given = r.headers.find(([name]) => name.toLowerCase() === 'function-execution-id')?.[1]
  const executionId = init.executionId ?? given ?? randomHex(12)
  const distinct: Record<string, string[]> = {}
  const add = (name: string, value: string) => (distinct[name] ??= []).push(value)
  add('host', `${PROJECT}-123456789012.us-central1.run.app`)
  add('user-agent', 'curl/8.5.0')
  add('accept', '*/*')
  add('x-forwarded-for', r.sourceIp)
  add('x-forwarded-proto', 'https')
  add('function-execution-id', executionId)
  add('traceparent', `00-${randomHex(32)}-${randomHex(16)}-01`)
  // A header the test sets replaces the platform's default.
  for (const [name] of r.headers) {
    const key = name.toLowerCase()
    if (key === 'host' || key === 'user-agent' || key === 'accept' || key === 'x-forwarded-for' || key === 'function-execution-id') distinct[key] = []
  }
  for (const [name, value] of r.headers) add(name.toLowerCase(), value)
  for (const key of Object.keys(distinct)) if (distinct[key]!.length === 0) delete distinct[key]
  const bytes = r.body === undefined ? undefined : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8')
  if (bytes !== undefined) distinct['content-length'] = [String(bytes.length)]
  const headers: Record<string, string> = {}
  for (const [name, values] of Object.entries(distinct)) headers[name] = values.join(name === 'cookie' ? '; ' : ', ')
  const target = r.rawQuery ? `${r.path}?${r.rawQuery}` : r.path
  // The framework's parsers have read the stream: it has ended.
  const req = Readable.from([]) as unknown as GcpHttpRequest & Readable
  req.resume()
  const fields: Partial<GcpHttpRequest> = {
    method: r.method,
    url: target,
    originalUrl: target,
    headers,
    headersDistinct: distinct,
    executionId,
    socket: { remoteAddress: '169.254.1.1' },
  }
  if (bytes !== undefined && bytes.length > 0) {
    fields.rawBody = bytes
    fields.body = parsedBody(bytes, headers['content-type'] ?? '')
  }
  Object.assign(req, fields)
  return { req, res: new GcpResponseRecorder() }
}

/** Options for any CloudEvent. */
export interface GcpCloudEventInit<T = unknown> {
  /** The CloudEvent type, e.g. `google.cloud.audit.log.v1.written`. */
  type: string
  /** Where it comes from. Default an Eventarc source of the project. */
  source?: string
  /** The event id. Default a random one. */
  id?: string
  /** What it is about, if anything. */
  subject?: string
  /** When it happened, RFC 3339. Default now. */
  time?: string
  /** The media type of `data`. Default `application/json`. */
  datacontenttype?: string
  /** The payload, as the framework hands it over (parsed JSON). */
  data?: T
  /** Extension attributes (`traceparent`, ...). */
  extensions?: Record<string, unknown>
}

/** A CloudEvent as the Functions Framework hands it to a `functions.cloudEvent` function. */
export function cloudEvent<T = unknown>(init: GcpCloudEventInit<T>): GcpCloudEvent<T> {
  const event: GcpCloudEvent<T> = {
    specversion: '1.0',
    id: init.id ?? String(Math.floor(Math.random() * 1e16)),
    source: init.source ?? `//eventarc.googleapis.com/projects/${PROJECT}/locations/us-central1`,
    type: init.type,
    time: init.time ?? new Date().toISOString(),
    ...(init.subject !== undefined ? { subject: init.subject } : {}),
    datacontenttype: init.datacontenttype ?? 'application/json',
    ...init.extensions,
  }
  if (init.data !== undefined) event.data = init.data
  return event
}

/** One Pub/Sub message: its body (text or bytes), attributes, id. */
export interface GcpPubSubInit {
  /** The message body: text, bytes, or an object sent as JSON. Default none (attributes only). */
  data?: string | Uint8Array | object
  /** The message attributes. */
  attributes?: Record<string, string>
  /** The message id. Default a random one. */
  messageId?: string
  /** The topic name. Default `my-topic`. */
  topic?: string
  /** The ordering key, for ordered delivery. */
  orderingKey?: string
}

/**
 * A Pub/Sub `messagePublished` CloudEvent as Eventarc delivers it
 * (https://cloud.google.com/eventarc/docs/cloudevents#pubsub): the message body base64 in `data.message.data`.
 * Cloud Scheduler jobs that target a Pub/Sub topic arrive this way too.
 */
export function pubsub(init: GcpPubSubInit | string = {}): GcpCloudEvent<GcpPubSubData> {
  const m = typeof init === 'string' ? { data: init } : init
  const topic = m.topic ?? 'my-topic'
  const messageId = m.messageId ?? String(Math.floor(Math.random() * 1e16))
  const bytes =
    m.data === undefined ? undefined : typeof m.data === 'string' ? Buffer.from(m.data) : m.data instanceof Uint8Array ? Buffer.from(m.data) : Buffer.from(JSON.stringify(m.data))
  const publishTime = new Date().toISOString()
  const message: GcpPubSubData['message'] = { messageId, publishTime, ...(bytes !== undefined ? { data: bytes.toString('base64') } : {}), ...(m.attributes ? { attributes: m.attributes } : {}) }
  if (m.orderingKey !== undefined) message.orderingKey = m.orderingKey
  return cloudEvent({
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: `//pubsub.googleapis.com/projects/${PROJECT}/topics/${topic}`,
    id: messageId,
    time: publishTime,
    data: { message, subscription: `projects/${PROJECT}/subscriptions/eventarc-us-central1-trigger-sub-000` },
  })
}

/** One Cloud Storage object event. */
export interface GcpStorageInit {
  /** `finalized` (default), `deleted`, `archived` or `metadataUpdated`. */
  event?: 'finalized' | 'deleted' | 'archived' | 'metadataUpdated'
  /** The bucket. Default `my-bucket`. */
  bucket?: string
  /** The object name (its key), as stored. */
  name: string
  /** The object size in bytes. Default 1024. */
  size?: number
  /** The object's content type. Default `application/octet-stream`. */
  contentType?: string
}

/**
 * A Cloud Storage object CloudEvent (https://cloud.google.com/eventarc/docs/cloudevents#cloud-storage): the
 * object's metadata in `data`, `size` as a decimal string, the subject `objects/<name>`.
 */
export function storage(init: GcpStorageInit): GcpCloudEvent<GcpStorageObjectData> {
  const bucket = init.bucket ?? 'my-bucket'
  const now = new Date().toISOString()
  const generation = String(Date.now() * 1000)
  return cloudEvent({
    type: `google.cloud.storage.object.v1.${init.event ?? 'finalized'}`,
    source: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
    subject: `objects/${init.name}`,
    time: now,
    data: {
      kind: 'storage#object',
      id: `${bucket}/${init.name}/${generation}`,
      selfLink: `https://www.googleapis.com/storage/v1/b/${bucket}/o/${encodeURIComponent(init.name)}`,
      name: init.name,
      bucket,
      generation,
      metageneration: '1',
      contentType: init.contentType ?? 'application/octet-stream',
      timeCreated: now,
      updated: now,
      storageClass: 'STANDARD',
      size: String(init.size ?? 1024),
      md5Hash: Buffer.from(randomHex(32), 'hex').toString('base64'),
      etag: 'CK7vxbXa5/8CEAE=',
      crc32c: 'AAAAAA==',
    },
  })
}
