import type { Provider } from '../../src/model/index.js'
import { describeGcpInvocation } from './context.js'
import { event } from './event.js'
import { http } from './http.js'
import { pubsub } from './pubsub.js'
import { storage } from './storage.js'

// Two views of one provider, as for the others: handle()/serve() take only the HTTP trigger.

/** Cloud Run functions' HTTP functions (the Functions Framework's `(req, res)`), and the invocation reader. */
export const gcpProvider: Provider = { name: 'gcp', adapters: [http], describe: describeGcpInvocation }

/** Every Cloud Run functions trigger for `on()`: HTTP, Pub/Sub, Cloud Storage, then any other CloudEvent. */
export const gcpProviderWithEvents: Provider = { name: 'gcp', adapters: [http, pubsub, storage, event], describe: describeGcpInvocation }

export { event, http, pubsub, storage }
