import { randomUUID } from 'node:crypto'
import { randomHex, resolveEventInit, type HttpEventInit } from '../../src/model/event-init.js'

// Real-shaped Azure Functions calls for tests. Azure calls a function `(input, context)` and the context says
// which trigger it has, so every factory but the HTTP one returns both, as an `AzureCall`: pass `input` and
// `context` to the entry (or to `invoke(handler, call.input, call.context)`). The test kit cannot depend on
// @azure/functions, so the request and the context are look-alikes that behave like the library's classes.

const HOST = 'my-app.azurewebsites.net'

/** Marks an `AzureCall`, so the test kit can tell it from an event. */
export const AZURE_CALL: unique symbol = Symbol.for('faasport.azure.call')

/** What Azure hands a function: its trigger input and the `InvocationContext`. */
export interface AzureCall<I = unknown> {
  /** The trigger input: the timer, the blob, the queue message, the Service Bus message(s), the Event Grid event. */
  input: I
  /** The `InvocationContext`, whose `options.trigger.type` names the trigger. */
  context: AzureContext
}

function call<I>(input: I, context: AzureContext): AzureCall<I> {
  const pair = { input, context }
  Object.defineProperty(pair, AZURE_CALL, { value: true })
  return pair
}

/** The look-alike of @azure/functions' `HttpRequest` that `httpRequest()` makes. */
export interface AzureHttpRequestLike {
  /** The HTTP method, upper-case. */
  readonly method: string
  /** The full URL the client asked for, route prefix (`/api`) and query included. */
  readonly url: string
  /** The request headers. */
  readonly headers: Headers
  /** The query, repeats kept. */
  readonly query: URLSearchParams
  /** The route parameters the host matched. */
  readonly params: Record<string, string>
  /** The authenticated user (App Service authentication); `null` here. */
  readonly user: null
  /** The body as a stream, or `null` without one. */
  readonly body: ReadableStream<Uint8Array> | null
  /** Whether the body has been read. */
  readonly bodyUsed: boolean
  /** The body as bytes. */
  arrayBuffer(): Promise<ArrayBuffer>
  /** The body as text. */
  text(): Promise<string>
  /** The body parsed as JSON. */
  json(): Promise<unknown>
  /** The body parsed as a form. */
  formData(): Promise<FormData>
  /** The body as a Blob. */
  blob(): Promise<Blob>
  /** A copy whose body can be read again. */
  clone(): AzureHttpRequestLike
}

/** Options for `httpRequest()`. */
export interface AzureHttpRequestInit extends HttpEventInit {
  /** Route parameters (`params`). Default none. */
  params?: Record<string, string>
  /**
   * The host's route prefix, put in front of `path` in the URL as Azure does (`/api` by default on Azure; here
   * `''`, as with `"routePrefix": ""` in host.json, so an app sees the paths it routes). Default `''`.
   */
  routePrefix?: string
}

function wrap(native: Request, params: Record<string, string>): AzureHttpRequestLike {
  return {
    get method() {
      return native.method
    },
    get url() {
      return native.url
    },
    get headers() {
      return native.headers
    },
    query: new URL(native.url).searchParams,
    params,
    user: null,
    get body() {
      return native.body as ReadableStream<Uint8Array> | null
    },
    get bodyUsed() {
      return native.bodyUsed
    },
    arrayBuffer: () => native.arrayBuffer(),
    text: () => native.text(),
    json: () => native.json(),
    formData: () => native.formData() as Promise<FormData>,
    blob: () => native.blob(),
    clone: () => wrap(native.clone(), { ...params }),
  }
}

/**
 * An HTTP trigger request as Azure hands it over: an absolute `url` (`https://my-app.azurewebsites.net/...`), a
 * `Headers` object (the client's address in `x-forwarded-for` as `address:port`), `query`, `params` and a body
 * read through `arrayBuffer()`/`text()`. GET and HEAD carry no body, as in the library.
 */
export function httpRequest(init: AzureHttpRequestInit = {}): AzureHttpRequestLike {
  const r = resolveEventInit(init)
  const headers = new Headers()
  const given = new Set(r.headers.map(([name]) => name.toLowerCase()))
  for (const [name, value] of [['host', HOST], ['user-agent', 'curl/8.5.0'], ['accept', '*/*'], ['x-forwarded-for', `${r.sourceIp}:${50000 + Math.floor(Math.random() * 10000)}`]] as const) {
    if (!given.has(name)) headers.append(name, value)
  }
  for (const [name, value] of r.headers) headers.append(name, value)
  const prefix = init.routePrefix ? (init.routePrefix.startsWith('/') ? init.routePrefix : `/${init.routePrefix}`).replace(/\/$/, '') : ''
  const url = `https://${HOST}${prefix}${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`
  const noBody = r.method === 'GET' || r.method === 'HEAD'
  const body = noBody || r.body === undefined ? undefined : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8')
  return wrap(new Request(url, { method: r.method, headers, body }), { ...init.params })
}

/** The look-alike of @azure/functions' `InvocationContext` that `azureContext()` makes. */
export interface AzureContext {
  /** The invocation id: `invocation.requestId`. */
  invocationId: string
  /** The function name registered with `app.http`, `app.timer`... */
  functionName: string
  /** The trigger and bindings: `options.trigger.type` tells the trigger (`httpTrigger`, `timerTrigger`...). */
  options: { trigger: { type: string; name: string; [option: string]: unknown }; return?: unknown; extraInputs: unknown[]; extraOutputs: unknown[] }
  /** What the host says about the trigger input (a blob's path and properties, a message's id and counts...). */
  triggerMetadata?: Record<string, unknown>
  /** The W3C trace context of the invocation. */
  traceContext?: { traceParent?: string; traceState?: string; attributes?: Record<string, string> }
  /** The retry count, under a retry policy. */
  retryContext?: { retryCount: number; maxRetryCount: number }
  /** Extra input bindings. */
  extraInputs: { get(name: unknown): unknown; set(name: unknown, value: unknown): void }
  /** Extra output bindings. */
  extraOutputs: { get(name: unknown): unknown; set(name: unknown, value: unknown): void }
  /** Logs at information level. */
  log(...args: unknown[]): void
  /** Logs at trace level. */
  trace(...args: unknown[]): void
  /** Logs at debug level. */
  debug(...args: unknown[]): void
  /** Logs at information level. */
  info(...args: unknown[]): void
  /** Logs a warning. */
  warn(...args: unknown[]): void
  /** Logs an error. */
  error(...args: unknown[]): void
}

/** Options for `azureContext()`. */
export interface AzureContextInit {
  /** The trigger type (`options.trigger.type`). Default `httpTrigger`. */
  trigger?: string
  /** More options of the trigger binding (`queueName`, `cardinality`...). */
  triggerOptions?: Record<string, unknown>
  /** Default a random UUID. */
  invocationId?: string
  /** Default `my-function`. */
  functionName?: string
  /** `context.triggerMetadata` (camel-cased keys, as the library gives them). The library gives none for HTTP and timers. */
  triggerMetadata?: Record<string, unknown>
  /** `traceContext.traceParent`. Default a random W3C traceparent. */
  traceParent?: string
  /** `retryContext`, when a retry policy is set. */
  retryContext?: { retryCount: number; maxRetryCount: number }
  /** Accepted for the test kit's sake and ignored: Azure's context has no countdown (`functionTimeout` is in host.json). */
  timeoutMs?: number
}

function bag(): AzureContext['extraInputs'] {
  const values = new Map<string, unknown>()
  const key = (name: unknown) => (typeof name === 'string' ? name : String((name as { name?: unknown })?.name))
  return { get: (name) => values.get(key(name)), set: (name, value) => void values.set(key(name), value) }
}

/** An `InvocationContext` look-alike: the fields the host sets and log methods that write to the console, as the library's do in tests. */
export function azureContext(init: AzureContextInit = {}): AzureContext {
  const type = init.trigger ?? 'httpTrigger'
  const context: AzureContext = {
    invocationId: init.invocationId ?? randomUUID(),
    functionName: init.functionName ?? 'my-function',
    options: { trigger: { ...init.triggerOptions, type, name: type === 'httpTrigger' ? 'httpTrigger1' : `${type}1` }, extraInputs: [], extraOutputs: [] },
    traceContext: { traceParent: init.traceParent ?? `00-${randomHex(32)}-${randomHex(16)}-01`, traceState: '', attributes: {} },
    extraInputs: bag(),
    extraOutputs: bag(),
    log: (...args) => console.info(...args),
    trace: (...args) => console.debug(...args),
    debug: (...args) => console.debug(...args),
    info: (...args) => console.info(...args),
    warn: (...args) => console.warn(...args),
    error: (...args) => console.error(...args),
  }
  if (type === 'httpTrigger') context.options.return = { type: 'http', name: '$return' }
  if (init.triggerMetadata) context.triggerMetadata = init.triggerMetadata
  if (init.retryContext) context.retryContext = init.retryContext
  return context
}

const now = () => new Date().toISOString()

/** A timer call: the `Timer` object (`isPastDue`, `schedule`, `scheduleStatus`) and a `timerTrigger` context. */
export function timer(init: { functionName?: string; isPastDue?: boolean; last?: string; next?: string } = {}): AzureCall {
  const input = {
    isPastDue: init.isPastDue ?? false,
    schedule: { adjustForDST: true },
    scheduleStatus: { last: init.last ?? now(), next: init.next ?? now(), lastUpdated: now() },
  }
  return call(input, azureContext({ trigger: 'timerTrigger', functionName: init.functionName ?? 'my-timer', triggerOptions: { schedule: '0 */5 * * * *' } }))
}

/** Options for `storageBlob()`. */
export interface AzureBlobInit {
  /** Default `samples-workitems`. */
  container?: string
  /** The blob's name inside the container. */
  name: string
  /** The blob's content (the function's input). Default empty. */
  content?: string | Uint8Array
  /** Default `application/octet-stream`. */
  contentType?: string
  /** User-defined metadata of the blob. */
  metadata?: Record<string, string>
}

/** A blob trigger call: the content as a Buffer, and the path, URI, properties and metadata in `triggerMetadata`. */
export function storageBlob(init: AzureBlobInit): AzureCall<Buffer> {
  const container = init.container ?? 'samples-workitems'
  const content = Buffer.from(init.content ?? '')
  const path = `${container}/${init.name}`
  return call(
    content,
    azureContext({
      trigger: 'blobTrigger',
      functionName: 'my-blob-function',
      triggerOptions: { path: `${container}/{name}`, connection: 'AzureWebJobsStorage' },
      triggerMetadata: {
        blobTrigger: path,
        uri: `https://mystorageaccount.blob.core.windows.net/${container}/${init.name.split('/').map(encodeURIComponent).join('/')}`,
        properties: { contentLength: content.byteLength, contentType: init.contentType ?? 'application/octet-stream', eTag: `"0x8DC${randomHex(12).toUpperCase()}"`, lastModified: now(), createdOn: now(), blobType: 'Block' },
        metadata: { ...init.metadata },
        name: init.name,
      },
    }),
  )
}

/** A storage queue call: the message (JSON parsed, as the library does), and its id, dequeue count and times. */
export function storageQueue(message: unknown, init: { queueName?: string; id?: string; dequeueCount?: number } = {}): AzureCall {
  const text = typeof message === 'string' ? message : JSON.stringify(message)
  let input: unknown = text
  try {
    input = JSON.parse(text)
  } catch {
    input = text
  }
  const inserted = new Date()
  return call(
    input,
    azureContext({
      trigger: 'queueTrigger',
      functionName: 'my-queue-function',
      triggerOptions: { queueName: init.queueName ?? 'myqueue-items', connection: 'AzureWebJobsStorage' },
      triggerMetadata: {
        queueTrigger: input,
        dequeueCount: init.dequeueCount ?? 1,
        expirationTime: new Date(inserted.getTime() + 7 * 86_400_000).toISOString(),
        id: init.id ?? randomUUID(),
        insertionTime: inserted.toISOString(),
        nextVisibleTime: new Date(inserted.getTime() + 600_000).toISOString(),
        popReceipt: `AgAAAAMAAAAAAAAA${randomHex(16)}`,
      },
    }),
  )
}

/** One Service Bus message for `serviceBusQueue()`/`serviceBusTopic()`. */
export type AzureServiceBusMessage = unknown | { body: unknown; messageId?: string; applicationProperties?: Record<string, unknown>; contentType?: string }

function isMessageInit(value: unknown): value is { body: unknown; messageId?: string; applicationProperties?: Record<string, unknown>; contentType?: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'body' in value
}

function serviceBus(messages: readonly AzureServiceBusMessage[], many: boolean, entity: Record<string, unknown>): AzureCall {
  const items = messages.map((m, i) => {
    const given = isMessageInit(m) ? m : { body: m }
    return {
      body: given.body,
      metadata: {
        messageId: given.messageId ?? randomHex(32),
        deliveryCount: 1,
        enqueuedTimeUtc: now(),
        expiresAtUtc: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        sequenceNumber: 1000 + i,
        contentType: given.contentType ?? (typeof given.body === 'string' ? 'text/plain' : 'application/json'),
        lockToken: randomUUID(),
        applicationProperties: { ...given.applicationProperties },
      } as Record<string, unknown>,
    }
  })
  let metadata: Record<string, unknown>
  if (many) {
    metadata = {}
    for (const name of Object.keys(items[0]?.metadata ?? {})) metadata[`${name}Array`] = items.map((item) => item.metadata[name])
  } else metadata = items[0]?.metadata ?? {}
  const input = many ? items.map((item) => item.body) : items[0]?.body
  return call(input, azureContext({ trigger: 'serviceBusTrigger', functionName: 'my-service-bus-function', triggerOptions: { ...entity, connection: 'ServiceBusConnection', cardinality: many ? 'many' : 'one' }, triggerMetadata: metadata }))
}

/**
 * A Service Bus queue call: one message, or with `{ cardinality: 'many' }` a batch whose metadata comes as
 * `<name>Array` lists. A message is its body, or `{ body, messageId, applicationProperties, contentType }`.
 */
export function serviceBusQueue(messages: AzureServiceBusMessage | readonly AzureServiceBusMessage[], init: { queueName?: string; cardinality?: 'one' | 'many' } = {}): AzureCall {
  const many = init.cardinality === 'many'
  const list = many && Array.isArray(messages) ? messages : [messages]
  return serviceBus(list, many, { queueName: init.queueName ?? 'myqueue' })
}

/** A Service Bus topic subscription call, as `serviceBusQueue()`. */
export function serviceBusTopic(messages: AzureServiceBusMessage | readonly AzureServiceBusMessage[], init: { topicName?: string; subscriptionName?: string; cardinality?: 'one' | 'many' } = {}): AzureCall {
  const many = init.cardinality === 'many'
  const list = many && Array.isArray(messages) ? messages : [messages]
  return serviceBus(list, many, { topicName: init.topicName ?? 'mytopic', subscriptionName: init.subscriptionName ?? 'mysubscription' })
}

/** An Event Grid call with an event in the Event Grid schema (`schema: 'cloudevents'` for CloudEvents 1.0). */
export function eventGrid(init: { eventType?: string; subject?: string; data?: unknown; schema?: 'eventgrid' | 'cloudevents'; topic?: string } = {}): AzureCall {
  const topic = init.topic ?? '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Storage/storageAccounts/mystorageaccount'
  const type = init.eventType ?? 'Microsoft.Storage.BlobCreated'
  const subject = init.subject ?? '/blobServices/default/containers/samples/blobs/file.txt'
  const input =
    init.schema === 'cloudevents'
      ? { specversion: '1.0', id: randomUUID(), source: topic, type, subject, time: now(), data: init.data ?? {} }
      : { id: randomUUID(), topic, subject, eventType: type, eventTime: now(), data: init.data ?? {}, dataVersion: '', metadataVersion: '1' }
  return call(input, azureContext({ trigger: 'eventGridTrigger', functionName: 'my-event-grid-function' }))
}
