import { lambdaKit } from '../../adapters/lambda/kit.js'
import type { HttpTriggerKit } from '../../src/model/index.js'

/** Every AWS HTTP trigger kit (ALB twice: single-value and multi-value). */
export const awsTriggers: readonly HttpTriggerKit[] = lambdaKit.http

/** `provider/trigger`, as results and errors name it. */
export function triggerName(trigger: HttpTriggerKit): string {
  return `${trigger.provider}/${trigger.trigger}`
}

/** A label for test titles. */
export function triggerLabel(trigger: HttpTriggerKit): string {
  return triggerName(trigger) + (trigger.variant ? ` (${trigger.variant})` : '')
}
