import { app } from '@azure/functions'
import { httpHandler, worker } from './functions.js'

// Programming model v4: functions are registered in code. host.json sets the route prefix to "", so the app's
// routes are the URL's paths (/hello, not /api/hello).
app.http('api', { methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], route: '{*path}', authLevel: 'anonymous', handler: httpHandler })
app.timer('nightly', { schedule: '0 0 3 * * *', handler: worker })
app.storageQueue('orders', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: worker })
