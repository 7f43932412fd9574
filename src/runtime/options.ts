import type { BinaryPredicate, Logger, RequestOptions } from '../model/index.js'

/** Options every entry function takes (`handle`, `serve`). */
export interface EntryOptions {
  /** Put the error message and stack in 500 bodies. Never in production. Default false. */
  debug?: boolean
  /** A path prefix to remove before routing, such as a custom domain's base path mapping (`/api`). */
  basePath?: string
  /**
   * Remove the stage segment that API Gateway HTTP APIs put in front of the path for named stages, on the API's
   * own execute-api domain (custom domains carry no stage in the path). Default true.
   */
  stripStage?: boolean
  /** Value for `context.callbackWaitsForEmptyEventLoop` where the platform has it. Default false. */
  callbackWaitsForEmptyEventLoop?: boolean
  /** Where faasport logs; default the platform's logger (FC) or `console`. */
  logger?: Logger
  /**
   * How long before the deadline `invocation.signal` aborts and an HTTP invocation still without an answer gets a
   * 504 (instead of the platform's own timeout), in ms. Default 500.
   */
  deadlineMarginMs?: number
  /**
   * Answer 504 when an HTTP invocation has no answer `deadlineMarginMs` before the deadline, and end a streamed
   * answer still open half that margin before it. Default true; false leaves it to the platform's timeout.
   */
  deadlineAnswer?: boolean
  /** Decides which response bodies go base64; default: all but textual content types without content-encoding. */
  isBinary?: BinaryPredicate
  /**
   * The largest buffered result, in bytes of the JSON the runtime sends (base64 bodies at their encoded size); a
   * larger one is answered with a 502 and a log line. Default: the trigger's documented limit (Lambda 6 MB, ALB
   * 1 MB, SCF 6 MB, Alibaba API Gateway 6 MB). `Infinity` turns the check off.
   */
  maxResponseBytes?: number
}

/** The option of the entries that can stream their answers (`handle()`, `serve()`). */
export interface StreamOption {
  /**
   * Stream answers where the platform can. On AWS Lambda the export becomes a response-streaming handler
   * (`awslambda.streamifyResponse`): Function URLs with `InvokeMode: RESPONSE_STREAM` and REST API integrations
   * with `responseTransferMode: STREAM` get the head first and the body as it is produced; ALB and HTTP APIs,
   * which cannot stream, get their usual JSON result as the stream's content. On Cloud Run functions the answer is
   * written into the Functions Framework's response as it is produced (sent chunked); on Azure Functions the entry
   * returns the head with a `ReadableStream` body (streamed with `app.setup({ enableHttpStream: true })`). Elsewhere
   * (FC, SCF, FunctionGraph, a plain `node` process) the same export answers buffered; the test kit's `invoke()` and
   * `request()` run it as the Lambda runtime would. Default false.
   */
  stream?: boolean
}

/** The `stream` option, checked at init: true, false or absent. Anything else is a `TypeError` naming it. */
export function readStreamOption(value: unknown, entry: string): boolean {
  if (value === undefined || value === false) return false
  if (value === true) return true
  throw new TypeError(`faasport: ${entry}'s stream option must be true or false, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
}

/** Options with defaults applied, computed once per entry function. */
export interface ResolvedOptions {
  debug: boolean
  request: RequestOptions
  callbackWaitsForEmptyEventLoop: boolean
  logger: Logger | undefined
  deadlineMarginMs: number
  deadlineAnswer: boolean
  isBinary: BinaryPredicate | undefined
  maxResponseBytes: number | undefined
}

const DEFAULTS: ResolvedOptions = {
  debug: false,
  request: { stripStage: true, basePath: undefined },
  callbackWaitsForEmptyEventLoop: false,
  logger: undefined,
  deadlineMarginMs: 500,
  deadlineAnswer: true,
  isBinary: undefined,
  maxResponseBytes: undefined,
}

/** The options with their defaults applied. */
export function resolveOptions(options: EntryOptions = {}): ResolvedOptions {
  return overrideOptions(DEFAULTS, options)
}

/** `base` (an entry's resolved options) with every option given in `overrides` taking precedence. */
export function overrideOptions(base: ResolvedOptions, overrides: EntryOptions): ResolvedOptions {
  const o = overrides
  return {
    debug: o.debug === undefined ? base.debug : o.debug === true,
    request: {
      stripStage: o.stripStage === undefined ? base.request.stripStage : o.stripStage !== false,
      basePath: o.basePath === undefined ? base.request.basePath : o.basePath || undefined,
    },
    callbackWaitsForEmptyEventLoop: o.callbackWaitsForEmptyEventLoop === undefined ? base.callbackWaitsForEmptyEventLoop : o.callbackWaitsForEmptyEventLoop === true,
    logger: o.logger ?? base.logger,
    deadlineMarginMs: o.deadlineMarginMs ?? base.deadlineMarginMs,
    deadlineAnswer: o.deadlineAnswer === undefined ? base.deadlineAnswer : o.deadlineAnswer !== false,
    isBinary: o.isBinary ?? base.isBinary,
    maxResponseBytes: o.maxResponseBytes === undefined ? base.maxResponseBytes : readByteLimit(o.maxResponseBytes),
  }
}

function readByteLimit(value: unknown): number {
  if (typeof value === 'number' && value >= 0) return value
  throw new TypeError(`faasport: maxResponseBytes must be a number of bytes (0 or more, or Infinity), got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
}
