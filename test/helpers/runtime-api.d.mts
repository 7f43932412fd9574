// Types of runtime-api.mjs (plain JavaScript, shared with `npm run bench`).

/** What the function answered one invocation with, as the Runtime API received it. */
export interface RuntimeAnswer {
  mode: 'buffered' | 'error' | 'streaming'
  /** Buffered: the JSON payload. */
  payload?: any
  /** Error (buffered, or the trailer of a failed stream): the error type. */
  errorType?: string
  /** An error posted to /error. */
  error?: { errorType: string; errorMessage: string; trace?: string[] }
  /** Streamed: the content type the function set. */
  contentType?: string
  /** Streamed: each chunk with its arrival time in ms after the event was handed out (when recorded). */
  chunks?: Array<{ at: number; data: Buffer }>
  /** Streamed: every byte (when recorded). */
  body?: Buffer
  /** Streamed: the number of bytes. */
  size?: number
  firstByteMs?: number
  endMs?: number
  /** The decoded Lambda-Runtime-Function-Error-Body trailer of a failed stream. */
  errorBody?: { errorType: string; errorMessage: string; trace?: string[] }
}

export interface InvokeSettings {
  /** The invocation's time limit (the deadline the runtime is given). Default 10 000 ms. */
  timeoutMs?: number
  /** Keep the streamed bytes (default true); false only counts them. */
  record?: boolean
}

export interface RuntimeApi {
  address: string
  readonly initError: { type: string; body: string } | undefined
  invoke(event: unknown, settings?: InvokeSettings): Promise<RuntimeAnswer>
  close(): Promise<void>
}

export interface RunningLambda {
  api: RuntimeApi
  invoke(event: unknown, settings?: InvokeSettings): Promise<RuntimeAnswer>
  readonly output: string
  child: import('node:child_process').ChildProcess
  exited: Promise<{ code: number | null; signal: string | null }>
  stop(): Promise<void>
}

export const ricBin: string
export const PRELUDE_TYPE: string
export function splitPrelude(bytes: Buffer): { prelude: any; body: Buffer; offset: number } | undefined
export function startRuntimeApi(): Promise<RuntimeApi>
export function startLambda(root: string, handler: string, options?: { env?: Record<string, string> }): Promise<RunningLambda>
