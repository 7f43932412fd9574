import type { PlatformStream, StreamingPlatform } from '../../src/model/index.js'

// Lambda response streaming (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html):
// the runtime calls a handler marked by `awslambda.streamifyResponse` as `(event, responseStream, context)`. An
// HTTP answer is the `application/vnd.awslambda.http-integration-response` format: the prelude as JSON, 8 NUL
// bytes, then the body; `awslambda.HttpResponseStream.from` sets that up, and the runtime writes the prelude with
// the stream's first `write()` (never with `end(chunk)`, so faasport always writes before it ends).

/** The content type of a streamed HTTP answer: the prelude, 8 NUL bytes, the body. */
export const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response'
/** What ends the prelude of a streamed HTTP answer, before the body. */
export const DELIMITER = new Uint8Array(8)

/** The stream the Lambda runtime hands a streaming handler. */
interface ResponseStream extends PlatformStream {
  setContentType?(type: string): void
}

/** The global the Lambda Node.js runtime defines before it loads the function's code. */
interface AwsLambdaGlobal {
  streamifyResponse?(handler: Function, options?: object): Function
  HttpResponseStream?: { from(stream: unknown, prelude: object): ResponseStream }
}

function runtimeGlobal(): AwsLambdaGlobal | undefined {
  return (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda
}

/**
 * The prelude framing outside the Lambda runtime (the test kit's stream, any Node writable): what
 * `HttpResponseStream.from` does, written by hand, so a test sees the bytes the runtime would send.
 */
function framed(stream: ResponseStream, prelude: object): PlatformStream {
  stream.setContentType?.(PRELUDE_TYPE)
  let head: string | undefined = JSON.stringify(prelude)
  const sendHead = () => {
    if (head === undefined) return
    stream.write(head)
    stream.write(DELIMITER)
    head = undefined
  }
  return {
    write(chunk, callback) {
      sendHead()
      return stream.write(chunk, callback)
    },
    end(callback) {
      sendHead()
      return stream.end(callback)
    },
    on: (event, listener) => stream.on(event, listener),
    get writableFinished() {
      return stream.writableFinished
    },
  }
}

/** AWS Lambda response streaming, for `handle()`/`serve()` with `stream: true`. */
export const lambdaStreaming: StreamingPlatform = {
  streamify(handler) {
    const streamify = runtimeGlobal()?.streamifyResponse
    return typeof streamify === 'function' ? (streamify(handler) as typeof handler) : undefined
  },
  open(responseStream, prelude) {
    const stream = responseStream as ResponseStream
    if (prelude === undefined) {
      // A trigger that cannot stream (ALB, HTTP APIs): its JSON result is the whole content, as a buffered
      // function would have returned it.
      stream.setContentType?.('application/json')
      return stream
    }
    const from = runtimeGlobal()?.HttpResponseStream
    return typeof from?.from === 'function' ? from.from(stream, prelude) : framed(stream, prelude)
  },
}
