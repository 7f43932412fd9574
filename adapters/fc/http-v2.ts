import {
  HttpRequest,
  InvalidEventError,
  isRecord,
  readHeaderMap,
  readQueryMap,
  requestPath,
  requireMethod,
  requireString,
  resultBodyBytes,
  type HttpAdapter,
  type RequestReader,
} from '../../src/model/index.js'

const TRIGGER = 'aliyun/http-v2'

/** The request FC 2.0 hands an HTTP function: a readable stream with these fields. */
export interface FcHttpV2Request {
  headers: Record<string, string | string[]>
  path: string
  method: string
  queries?: Record<string, string | string[]>
  clientIP?: string
  url?: string
  on(event: string, listener: (...args: any[]) => void): unknown
}

/** The response object FC 2.0 hands an HTTP function. */
export interface FcHttpV2Response {
  setStatusCode(statusCode: number): void
  setHeader(name: string, value: string | string[]): void
  deleteHeader?(name: string): void
  send(body: Buffer | string): void
}


const reader: RequestReader<FcHttpV2Request> = {
  headers: (req) => readHeaderMap(TRIGGER, 'req.headers', req.headers, true),
  // `req.queries` values are decoded; a repeated key is a list.
  query: (req) => readQueryMap(TRIGGER, 'req.queries', req.queries, true),
  body: (req) => bodies.get(req),
  sourceIp: (req) => (typeof req.clientIP === 'string' ? req.clientIP : undefined),
}

// The body is read from the stream before the request is built; the lazy reader hands it over from here.
const bodies = new WeakMap<object, Buffer | undefined>()

function readBody(req: FcHttpV2Request): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    req.on('end', () => resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks)))
    req.on('error', (error: Error) => reject(new InvalidEventError(TRIGGER, 'req', `body could not be read: ${error.message}`)))
  })
}

function isResponder(value: unknown): value is FcHttpV2Response {
  return isRecord(value) && typeof value.setStatusCode === 'function' && typeof value.setHeader === 'function' && typeof value.send === 'function'
}

/** Function Compute 2.0 HTTP functions, called as `(req, resp, context)` and answering through `resp`. */
export const httpV2: HttpAdapter<FcHttpV2Request> = {
  provider: 'aliyun',
  trigger: 'http-v2',
  kind: 'http',
  responder: true,
  matches(event, context) {
    return isRecord(event) && typeof event.on === 'function' && isResponder(context)
  },
  async toRequest(req, context, options) {
    const method = requireMethod(TRIGGER, 'req.method', req.method)
    const path = requestPath(requireString(TRIGGER, 'req.path', req.path), options)
    bodies.set(req, await readBody(req))
    return new HttpRequest({ method, path, reader, event: req, context })
  },
  toResult(result, _req, resp, invocation) {
    const out = resp as FcHttpV2Response
    // The platform does not read what the entry function returns in this form: a failure here is logged,
    // and never surfaces as an unhandled rejection.
    try {
      out.setStatusCode(result.statusCode)
      for (const name in result.headers) {
        const value = result.headers[name]!
        out.setHeader(name, typeof value === 'string' ? value : value.join(', '))
      }
      if (result.cookies.length > 0) out.setHeader('set-cookie', result.cookies.length === 1 ? result.cookies[0]! : result.cookies.slice())
      out.send(resultBodyBytes(result))
    } catch (error) {
      invocation.logger.error('faasport: the FC response object refused the answer', error)
    }
    return undefined
  },
}

