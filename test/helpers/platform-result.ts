import { fcKit } from '../../adapters/fc/kit.js'
import { lambdaKit } from '../../adapters/lambda/kit.js'
import { scfKit } from '../../adapters/scf/kit.js'
import type { DecodedResponse, HttpTriggerKit } from '../../src/model/index.js'

// Reads a platform result back through the product's own test kit, and additionally holds faasport's
// results to lower-case header names.

export interface DecodedResult extends DecodedResponse {
  text(): string
  json(): any
}

const kits: HttpTriggerKit[] = [...lambdaKit.http, ...fcKit.http, ...scfKit.http]

/** Registers more providers' trigger kits (FC, SCF) for `decodePlatformResult`. */
export function registerTriggerKits(more: readonly HttpTriggerKit[]): void {
  kits.push(...more)
}

/** Decodes the result an entry function returned for `trigger` (`provider/trigger`), checking its shape. */
export function decodePlatformResult(trigger: string, result: any): DecodedResult {
  const kit = kits.find((k) => `${k.provider}/${k.trigger}` === trigger)
  if (!kit) throw new Error(`no decoder for ${trigger}`)
  for (const map of [result?.headers, result?.multiValueHeaders]) {
    for (const name of Object.keys(map ?? {})) if (name !== name.toLowerCase()) throw new Error(`${trigger} result has header ${name} not lower-case`)
  }
  const decoded = kit.decode(result)
  return { ...decoded, text: () => decoded.body.toString('utf8'), json: () => JSON.parse(decoded.body.toString('utf8')) }
}
