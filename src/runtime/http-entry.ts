import { ReturnedAnswer, returnedStream } from '../bridge/returned-stream.js'
import { setStreamingForm, type HttpAdapter, type Provider, type StreamingPlatform } from '../model/index.js'
import { createDetector } from './detect.js'
import { decodeEvent, invokeHttp, notRouted, setHttpRoute, wrapEntry, type EntryFunction, type HttpRoute, type HttpRunner } from './entry.js'
import type { ResolvedOptions } from './options.js'
import { invokeStreamed, streamingEntry } from './stream-entry.js'

/**
 * Builds the entry function for `handle()`/`serve()`: HTTP events only. With `stream`, answers stream where the
 * platform can: into the live response of triggers that hand one over (Cloud Run functions), as a returned body
 * stream where the platform takes one (Azure Functions), and, given a
 * `streaming` platform, through the entry's streaming form: what the export is when the platform runs streaming
 * handlers (the Lambda runtime), and what `streamingFormOf` finds on it for the test kit and the local gateway.
 */
export function createHttpEntry(
  providers: readonly Provider[],
  options: ResolvedOptions,
  run: HttpRunner,
  app: Pick<HttpRoute, 'app' | 'kind'> | undefined,
  stream: boolean,
  streaming?: StreamingPlatform,
): EntryFunction {
  const detect = createDetector(providers, 'handle() and serve() read HTTP events; route timers, storage and queue events with on().')
  const route: HttpRoute = { run, options, ...app }
  const entry = wrapEntry((event, context, third) => {
    event = decodeEvent(event)
    const detected = detect(event, context)
    if (detected.adapter.kind !== 'http') throw notRouted(detected, 'handle() and serve() serve HTTP events only: use on() to route it.')
    if (stream) {
      const adapter = detected.adapter as HttpAdapter
      if (adapter.liveResponse !== undefined) return invokeStreamed(route, detected, event, context, third, context, adapter.liveResponse)
      if (adapter.returnsStream !== undefined && adapter.toPrelude !== undefined) {
        const answer = new ReturnedAnswer(adapter.returnsStream)
        // The entry returns at the head; the answer itself goes on, and settles (never rejects) when it ends.
        return Promise.race([answer.value, invokeStreamed(route, detected, event, context, third, answer, returnedStream).then(() => answer.value)])
      }
    }
    return invokeHttp(route, detected, event, context, third)
  })
  setHttpRoute(entry, route)
  if (!stream || streaming === undefined) return entry
  const streamed = streamingEntry(route, detect, streaming)
  setHttpRoute(streamed, route)
  setStreamingForm(streamed, streamed)
  const native = streaming.streamify(streamed)
  if (native !== undefined) return native
  setStreamingForm(entry, streamed)
  return entry
}
