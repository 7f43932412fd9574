import { parseCookieHeader, type Cookies } from './cookies.js'
import { InvalidBodyError } from './errors.js'
import { INSPECT, inspectSummary, readSafely } from './inspect.js'
import { headerString, type HttpHeaders } from './headers.js'
import { formatQuery, parseQuery, type QueryParams } from './query.js'
import { emptyRecord } from './records.js'

/**
 * How one trigger's event is read. An adapter supplies one static reader; `HttpRequest` calls each method at
 * most once per request, and only when the handler asks for that part, so an unused part costs nothing.
 * Readers throw `InvalidEventError` for a malformed part.
 */
export interface RequestReader<E> {
  /** Lower-case, prototype-free headers, repeats kept. */
  headers(event: E): HttpHeaders
  /** The raw query string without `?`, when the event carries one. */
  rawQuery?(event: E): string
  /** Already-decoded parameters, when the event carries those instead of a raw string. */
  query?(event: E): QueryParams
  /** The body bytes, or undefined for none; not needed where the adapter hands the body over up front (`HttpRequestInit.body`). */
  body?(event: E): Buffer | undefined
  /** Path parameters the gateway extracted, if any. */
  params?(event: E): Record<string, string>
  /** The client address as the gateway saw it, if it says (`request` gives cached headers). */
  sourceIp(event: E, request: HttpRequest<E>): string | undefined
}

/** What an adapter knows cheaply and up front; everything else is read lazily through the reader. */
export interface HttpRequestInit<E> {
  method: string
  path: string
  reader: RequestReader<E>
  event: E
  context: unknown
  /**
   * The body, where the adapter had to read it before building the request (a stream, a promise of bytes): then the
   * reader is not asked for it. Given as `undefined`, the request has no body.
   */
  body?: Buffer | undefined
}

const EMPTY_PARAMS: Record<string, string> = Object.freeze(emptyRecord<string>())

/**
 * One HTTP request, the same for every provider and trigger. Headers, query, cookies and body are decoded on
 * first access. `event` and `context` are the platform's originals, as an escape hatch.
 */
export class HttpRequest<E = unknown> {
  /** Upper-case HTTP method. */
  readonly method: string
  /** The path as on the wire: percent-encoded, no query string, always starting with `/`. */
  readonly path: string
  /** The raw platform event. */
  readonly event: E
  /** The raw platform context. */
  readonly context: unknown

  #reader: RequestReader<E>
  #headers: HttpHeaders | undefined
  #rawQuery: string | undefined
  #query: QueryParams | undefined
  #cookies: Cookies | undefined
  #body: Buffer | undefined | null = null
  #params: Record<string, string> | undefined
  #sourceIp: string | undefined | null = null

  constructor(init: HttpRequestInit<E>) {
    this.method = init.method
    this.path = init.path
    this.event = init.event
    this.context = init.context
    this.#reader = init.reader
    if ('body' in init) this.#body = init.body
  }

  /** The client address as the gateway saw it, when it says. */
  get sourceIp(): string | undefined {
    if (this.#sourceIp === null) this.#sourceIp = this.#reader.sourceIp(this.event, this)
    return this.#sourceIp
  }

  /** Lower-case header names; a repeated header is an array of its values. */
  get headers(): HttpHeaders {
    return (this.#headers ??= this.#reader.headers(this.event))
  }

  /** The raw (still percent-encoded) query string, without `?`; empty when there is none. */
  get rawQuery(): string {
    if (this.#rawQuery === undefined) {
      const reader = this.#reader
      this.#rawQuery = reader.rawQuery ? reader.rawQuery(this.event) : formatQuery(this.query)
    }
    return this.#rawQuery
  }

  /** Decoded query parameters; a repeated key is an array of its values in order. */
  get query(): QueryParams {
    if (this.#query === undefined) {
      const reader = this.#reader
      this.#query = reader.query ? reader.query(this.event) : parseQuery(this.rawQuery)
    }
    return this.#query
  }

  /** `path` plus `?rawQuery` when there is a query: what a Node server sees as `req.url`. */
  get url(): string {
    const query = this.rawQuery
    return query === '' ? this.path : this.path + '?' + query
  }

  /** Request cookies by name, from the `cookie` header (or the gateway's cookie list). */
  get cookies(): Cookies {
    return (this.#cookies ??= parseCookieHeader(this.headers['cookie']))
  }

  /** Path parameters extracted by the gateway (e.g. `{id}` routes); empty when it extracted none. */
  get params(): Record<string, string> {
    return (this.#params ??= this.#reader.params?.(this.event) ?? EMPTY_PARAMS)
  }

  /** The body bytes, base64 already decoded; undefined when the request has no body. */
  get body(): Buffer | undefined {
    if (this.#body === null) this.#body = this.#reader.body?.(this.event)
    return this.#body
  }

  /** One header by (any-case) name; repeated values joined per RFC 9110. */
  header(name: string): string | undefined {
    return headerString(this.headers, name.toLowerCase())
  }

  /** The body decoded as UTF-8; empty string when there is none. */
  text(): string {
    const body = this.body
    return body === undefined ? '' : body.toString('utf8')
  }

  /** The body parsed as JSON; `undefined` when there is none. Throws `InvalidBodyError` (a 400) when it is not JSON. */
  json<T = unknown>(): T {
    const body = this.body
    if (body === undefined) return undefined as T
    try {
      return JSON.parse(body.toString('utf8')) as T
    } catch (error) {
      throw new InvalidBodyError(`Request body is not valid JSON: ${(error as Error).message}`)
    }
  }

  /**
   * What `JSON.stringify(req)` gives: method, path, url, headers and source IP. The raw `event` and `context` are
   * left out (the context may hold STS credentials); read them as `req.event` / `req.context`.
   */
  toJSON(): { method: string; path: string; url: string | undefined; headers: HttpHeaders | undefined; sourceIp: string | undefined } {
    return {
      method: this.method,
      path: this.path,
      url: readSafely(() => this.url),
      headers: readSafely(() => this.headers),
      sourceIp: readSafely(() => this.sourceIp),
    }
  }

  /** What `console.log(req)` shows: the same summary as `toJSON()`, without the context's credentials. */
  [INSPECT](_depth: number, options: unknown, inspect: unknown): unknown {
    return inspectSummary('HttpRequest', this.toJSON(), options, inspect)
  }
}
