import { serve } from 'faasport'
import { app } from './app.js'

/** The Lambda handler: API Gateway REST or HTTP API, Function URL or ALB, detected per event. */
export const handler = serve(app)
