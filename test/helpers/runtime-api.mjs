// A local AWS Lambda Runtime API, and the real runtime interface client (aws-lambda-ric) running a handler
// module against it in a child process: what Lambda does around a function, minus the cloud. It follows the
// Runtime API reference (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) and its response
// streaming extension (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming):
// a streamed answer is POSTed chunked with `Lambda-Runtime-Function-Response-Mode: streaming`, and a failure
// after it started arrives as the `Lambda-Runtime-Function-Error-Type` / `-Body` trailers.
// Plain JavaScript, so `npm run bench` (plain node) uses the same harness as the tests.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const PREFIX = '/2018-06-01/runtime'

/** Where the runtime interface client's command line is: node_modules/aws-lambda-ric/bin/index.mjs. */
export const ricBin = join(dirname(require.resolve('aws-lambda-ric/package.json')), 'bin', 'index.mjs')

/** The integration-response content type of an HTTP prelude (JSON, then 8 NUL bytes, then the body). */
export const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response'

/**
 * Splits a streamed answer of the http-integration-response type into its prelude and body. Returns
 * undefined when the bytes are not of that form.
 */
export function splitPrelude(bytes) {
  const end = bytes.indexOf(Buffer.alloc(8))
  if (end === -1) return undefined
  try {
    return { prelude: JSON.parse(bytes.subarray(0, end).toString('utf8')), body: bytes.subarray(end + 8), offset: end + 8 }
  } catch {
    return undefined
  }
}

/**
 * Starts a Runtime API on a free loopback port. `record: false` counts streamed bytes without keeping them
 * (for large bodies and benchmarks).
 */
export async function startRuntimeApi() {
  const queue = []
  const waiting = []
  const pending = new Map()
  // Gates: a function's request that waits until the answer being streamed has carried a marker (see below).
  const gates = []
  let received = ''
  let initError
  let counter = 0
  const openGates = () => {
    for (let i = gates.length - 1; i >= 0; i--) {
      if (!received.includes(gates[i].marker)) continue
      gates[i].res.writeHead(204).end()
      gates.splice(i, 1)
    }
  }

  const server = createServer((req, res) => {
    const url = req.url ?? ''
    // Not part of the Runtime API: a test handler asks to wait until its streamed answer has reached the API
    // with `marker` in it. A buffered answer only arrives once it has ended, so such a handler cannot finish
    // unless its answer really streams.
    if (req.method === 'GET' && url.startsWith('/test/gate?')) {
      const marker = new URLSearchParams(url.slice('/test/gate?'.length)).get('after') ?? ''
      gates.push({ marker, res })
      openGates()
      return
    }
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      const give = (job) => {
        pending.set(job.id, job)
        job.startedAt = performance.now()
        res.writeHead(200, {
          'content-type': 'application/json',
          'lambda-runtime-aws-request-id': job.id,
          'lambda-runtime-deadline-ms': String(Date.now() + job.timeoutMs),
          'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:faasport-test',
          'lambda-runtime-trace-id': `Root=1-00000000-${job.id.replace(/-/g, '').slice(0, 24)};Sampled=0`,
        })
        res.end(JSON.stringify(job.event))
      }
      const job = queue.shift()
      if (job) give(job)
      else waiting.push(give)
      return
    }
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
      collect(req).then((body) => {
        initError = { type: req.headers['lambda-runtime-function-error-type'], body: body.toString('utf8') }
        for (const job of pending.values()) job.reject(new Error(`init error: ${initError.body}`))
        for (const job of queue) job.reject(new Error(`init error: ${initError.body}`))
        res.writeHead(202).end()
      })
      return
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url)
    const job = match && pending.get(decodeURIComponent(match[1]))
    if (req.method !== 'POST' || !job) {
      res.writeHead(404).end()
      return
    }
    pending.delete(job.id)
    if (match[2] === 'error') {
      collect(req).then((body) => {
        res.writeHead(202).end()
        job.resolve({ mode: 'error', errorType: req.headers['lambda-runtime-function-error-type'], error: JSON.parse(body.toString('utf8')) })
      })
      return
    }
    if (req.headers['lambda-runtime-function-response-mode'] !== 'streaming') {
      collect(req).then((body) => {
        res.writeHead(202).end()
        job.resolve({ mode: 'buffered', payload: JSON.parse(body.toString('utf8')) })
      })
      return
    }
    // Streamed: each chunk is recorded with its arrival time, measured from when the event was handed out.
    const chunks = []
    let size = 0
    let firstByteMs
    received = ''
    req.on('data', (chunk) => {
      const at = performance.now() - job.startedAt
      firstByteMs ??= at
      size += chunk.length
      if (job.record) {
        chunks.push({ at, data: chunk })
        received += chunk.toString('latin1')
        if (gates.length > 0) openGates()
      }
    })
    req.on('end', () => {
      res.writeHead(202).end()
      const body = job.record ? Buffer.concat(chunks.map((c) => c.data)) : undefined
      const trailers = req.trailers
      job.resolve({
        mode: 'streaming',
        contentType: req.headers['content-type'],
        chunks,
        body,
        size,
        firstByteMs,
        endMs: performance.now() - job.startedAt,
        errorType: trailers['lambda-runtime-function-error-type'],
        errorBody: trailers['lambda-runtime-function-error-body'] ? JSON.parse(Buffer.from(trailers['lambda-runtime-function-error-body'], 'base64').toString('utf8')) : undefined,
      })
    })
    req.on('error', (error) => job.reject(error))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()

  return {
    /** `host:port`, the value of AWS_LAMBDA_RUNTIME_API. */
    address: `127.0.0.1:${port}`,
    /** The init error the runtime reported, if any. */
    get initError() {
      return initError
    },
    /**
     * Hands `event` to the next `/next` call and resolves with what the function answered: `{ mode: 'buffered',
     * payload }`, `{ mode: 'error', errorType, error }`, or `{ mode: 'streaming', contentType, chunks, body,
     * size, firstByteMs, endMs, errorType, errorBody }`.
     */
    invoke(event, { timeoutMs = 10_000, record = true } = {}) {
      return new Promise((resolve, reject) => {
        const job = { id: `req-${++counter}-${Math.random().toString(16).slice(2, 10)}`, event, timeoutMs, record, resolve, reject }
        const give = waiting.shift()
        if (give) give(job)
        else queue.push(job)
      })
    },
    close() {
      for (const gate of gates.splice(0)) gate.res.writeHead(503).end()
      server.closeAllConnections?.()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

function collect(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * Runs `handler` (`file.export`, the Lambda handler setting) from the folder `root` under the real runtime
 * interface client, against a fresh local Runtime API. Returns the API (to invoke), the child's output so
 * far, and `stop()`.
 */
export async function startLambda(root, handler, { env = {} } = {}) {
  const api = await startRuntimeApi()
  const child = spawn(process.execPath, [ricBin, handler], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_LAMBDA_RUNTIME_API: api.address,
      AWS_LAMBDA_FUNCTION_NAME: 'faasport-test',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/faasport-test',
      AWS_LAMBDA_LOG_STREAM_NAME: 'local',
      AWS_REGION: 'us-east-1',
      LAMBDA_TASK_ROOT: root,
      _HANDLER: handler,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return {
    api,
    invoke: (event, options) => api.invoke(event, options),
    get output() {
      return output
    },
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
      await api.close()
    },
  }
}
