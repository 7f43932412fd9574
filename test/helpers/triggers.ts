import { azureKit } from '../../adapters/azure/kit.js'
import { fcKit } from '../../adapters/fc/kit.js'
import { gcpKit } from '../../adapters/gcp/kit.js'
import { huaweiKit } from '../../adapters/huawei/kit.js'
import { lambdaKit } from '../../adapters/lambda/kit.js'
import { scfKit } from '../../adapters/scf/kit.js'
import type { HttpTriggerKit, ProviderKit } from '../../src/model/index.js'

const kits: readonly ProviderKit[] = [lambdaKit, fcKit, scfKit, gcpKit, azureKit, huaweiKit]

/** Every HTTP trigger kit of every provider (ALB twice: single-value and multi-value). */
export const httpTriggers: readonly HttpTriggerKit[] = kits.flatMap((k) => k.http)

/** Every AWS HTTP trigger kit. */
export const awsTriggers: readonly HttpTriggerKit[] = lambdaKit.http

/** A fresh mock context of the trigger's provider. */
export function contextFor(trigger: HttpTriggerKit): unknown {
  return kits.find((k) => k.provider === trigger.provider)!.context()
}

/** `provider/trigger`, as results and errors name it. */
export function triggerName(trigger: HttpTriggerKit): string {
  return `${trigger.provider}/${trigger.trigger}`
}

/** A label for test titles. */
export function triggerLabel(trigger: HttpTriggerKit): string {
  return triggerName(trigger) + (trigger.variant ? ` (${trigger.variant})` : '')
}
