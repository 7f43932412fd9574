import { serve } from 'faasport/huawei'
import { app } from './app.js'

/**
 * The Koa app as a FunctionGraph event function behind an APIG trigger (handler `index.handler`): the event's base64
 * body decoded, the answer as `{ statusCode, headers, body, isBase64Encoded }`, the PNG in base64.
 */
export const handler = serve(app)
