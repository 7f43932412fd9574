import { azureKit } from '../../adapters/azure/kit.js'
import { fcKit } from '../../adapters/fc/kit.js'
import { gcpKit } from '../../adapters/gcp/kit.js'
import { huaweiKit } from '../../adapters/huawei/kit.js'
import { lambdaKit } from '../../adapters/lambda/kit.js'
import { scfKit } from '../../adapters/scf/kit.js'
import type { DecodedResponse, HttpTriggerKit } from '../../src/model/index.js'

// Reads a platform result back through the product's own test kit, and additionally holds faasport's
// results to lower-case header names.

export interface DecodedResult extends DecodedResponse {
  text(): string
  json(): any
}

const kits: HttpTriggerKit[] = [...lambdaKit.http, ...fcKit.http, ...scfKit.http, ...gcpKit.http, ...azureKit.http, ...huaweiKit.http]

/** Registers more providers' trigger kits (FC, SCF) for `decodePlatformResult`. */
export function registerTriggerKits(more: readonly HttpTriggerKit[]): void {
  kits.push(...more)
}

/**
 * Decodes the result an entry function returned for `trigger` (a trigger kit, or `provider/trigger`),
 * checking its shape. A name that fits several forms of a trigger (ALB with and without multi-value headers)
 * takes the form the result is valid for.
 */
export function decodePlatformResult(trigger: string | HttpTriggerKit, result: any): DecodedResult {
  const candidates = typeof trigger === 'string' ? kits.filter((k) => `${k.provider}/${k.trigger}` === trigger) : [trigger]
  if (candidates.length === 0) throw new Error(`no decoder for ${trigger}`)
  for (const map of [result?.headers, result?.multiValueHeaders]) {
    for (const name of Object.keys(map ?? {})) if (name !== name.toLowerCase()) throw new Error(`${String(trigger)} result has header ${name} not lower-case`)
  }
  let decoded: DecodedResponse | undefined
  let failure: unknown
  for (const kit of candidates) {
    try {
      decoded = kit.decode(result)
      break
    } catch (error) {
      failure ??= error
    }
  }
  if (!decoded) throw failure
  const body = decoded.body
  return { ...decoded, text: () => body.toString('utf8'), json: () => JSON.parse(body.toString('utf8')) }
}
