import { azureKit } from '../../adapters/azure/kit.js'
import { fcKit } from '../../adapters/fc/kit.js'
import { gcpKit } from '../../adapters/gcp/kit.js'
import { huaweiKit } from '../../adapters/huawei/kit.js'
import { lambdaKit } from '../../adapters/lambda/kit.js'
import { scfKit } from '../../adapters/scf/kit.js'
import { createTestKit } from '../testing/request.js'

/** The test kit with every provider, Lambda first: `faasport/testing` and the CLI share it. */
export const kit = createTestKit([lambdaKit, fcKit, scfKit, gcpKit, azureKit, huaweiKit])
