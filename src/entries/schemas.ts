/**
 * zod schemas for every raw event shape faasport supports, per provider, so you can validate what your
 * function receives: `schemas.aws.sqs.parse(event)`. Needs the optional peer dependency `zod` (v4). faasport
 * itself never validates with them on the hot path.
 */
import * as aliyun from '../../adapters/fc/schemas.js'
import * as aws from '../../adapters/lambda/schemas.js'
import * as tencent from '../../adapters/scf/schemas.js'

export { aliyun, aws, tencent }
