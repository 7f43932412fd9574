// The provider-independent part of every entry point's API.
export {
  AppNotSupportedError,
  BatchFailedError,
  BatchTimeoutError,
  FaasportError,
  InvalidBodyError,
  InvalidEventError,
  UnsupportedEventError,
  type FaasportErrorCode,
  type FailedRecord,
} from './model/errors.js'
export type { Cookies } from './model/cookies.js'
export type { HttpHeaders } from './model/headers.js'
export type { HttpRequest } from './model/http-request.js'
export type { BinaryPredicate, HttpResult, JsonValue } from './model/http-result.js'
export type { Invocation, Logger, ProviderName } from './model/invocation.js'
export type { QueryParams } from './model/query.js'
export type { AppKind, CallbackApp, FetchApp, RequestListenerHost, ServableApp } from './bridge/app.js'
export type { FetchEnv, FetchExecutionContext, FetchHandler } from './bridge/fetch.js'
export type { NodeListener } from './bridge/listener.js'
export type { EntryFunction, PlatformCallback } from './runtime/entry.js'
export type { HandleOptions, HttpHandler } from './runtime/handle.js'
export type { EntryOptions, StreamOption } from './runtime/options.js'
export type { HandlerOutput } from './runtime/result.js'
export type { ServeOptions } from './runtime/serve.js'
export { getInvocation } from './runtime/invocation.js'
export type {
  ChangeAction,
  ChangeEvent,
  CloudEventAttributes,
  EnvelopeEvent,
  EventKind,
  FaasEvent,
  QueueMessage,
  StorageAction,
  StorageEvent,
  TimerEvent,
} from './model/events.js'
export type { EventRoutes, OnOptions, RecordHandler } from './runtime/on.js'
export type { ListenOptions, ListeningServer } from './runtime/listen.js'
