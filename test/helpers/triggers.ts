import * as aws from '../../adapters/lambda/factories.js'
import type { HttpEventInit } from '../../src/model/event-init.js'

export interface HttpTrigger {
  /** `provider/trigger`, as in results and errors. */
  name: string
  /** Whether the gateway can carry several Set-Cookie headers. */
  multiCookie: boolean
  event(init: HttpEventInit): unknown
  context(): unknown
}

/** Every AWS HTTP trigger, built by the factories from the same request description. */
export const awsTriggers: HttpTrigger[] = [
  { name: 'aws/apigw-v1', multiCookie: true, event: (i) => aws.apiGatewayV1(i), context: () => aws.lambdaContext() },
  { name: 'aws/apigw-v2', multiCookie: true, event: (i) => aws.apiGatewayV2(i), context: () => aws.lambdaContext() },
  { name: 'aws/function-url', multiCookie: true, event: (i) => aws.functionUrl(i), context: () => aws.lambdaContext() },
  { name: 'aws/alb', multiCookie: false, event: (i) => aws.alb(i), context: () => aws.lambdaContext() },
  { name: 'aws/alb', multiCookie: true, event: (i) => aws.alb({ ...i, multiValue: true }), context: () => aws.lambdaContext() },
]

/** A label for test titles: the ALB modes share a trigger name. */
export function triggerLabel(trigger: HttpTrigger): string {
  return trigger.name === 'aws/alb' ? `${trigger.name} (${trigger.multiCookie ? 'multi-value' : 'single-value'})` : trigger.name
}
