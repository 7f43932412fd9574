import type { Provider } from '../../src/model/index.js'
import { blob } from './blob.js'
import { describeAzureContext } from './context.js'
import { eventGrid } from './event-grid.js'
import { http } from './http.js'
import { serviceBus } from './service-bus.js'
import { storageQueue } from './storage-queue.js'
import { timer } from './timer.js'

// Every Azure adapter recognises its calls by the InvocationContext (`options.trigger.type`), never by the input,
// so an input that looks like another cloud's event (a queue message holding an S3 notification) stays Azure's.

/** Azure Functions's HTTP trigger and its context reader. */
export const azureProvider: Provider = { name: 'azure', adapters: [http], describe: describeAzureContext }

/** Every Azure Functions trigger faasport reads, HTTP first, for `on()`. */
export const azureProviderWithEvents: Provider = {
  name: 'azure',
  adapters: [http, timer, blob, storageQueue, serviceBus, eventGrid],
  describe: describeAzureContext,
}

export { blob, eventGrid, http, serviceBus, storageQueue, timer }
