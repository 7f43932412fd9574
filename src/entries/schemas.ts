/**
 * zod schemas for every raw event shape faasport supports, per provider, so you can validate what your
 * function receives: `schemas.aws.sqs.parse(event)`. Needs the optional peer dependency `zod` (v4). faasport
 * itself never validates with them on the hot path.
 */
import * as aliyunSchemas from '../../adapters/fc/schemas.js'
import * as awsSchemas from '../../adapters/lambda/schemas.js'
import * as huaweiSchemas from '../../adapters/huawei/schemas.js'
import * as tencentSchemas from '../../adapters/scf/schemas.js'

// Constants rather than `export { aliyun, aws, tencent }` of the namespace imports: TypeScript attaches no
// TSDoc to a re-exported module namespace. Same objects, same types.

/** Alibaba Cloud Function Compute event schemas: FC 3.0 HTTP, API Gateway, timers, OSS, MNS topics, EventBridge (CloudEvents) and SLS. */
export const aliyun: typeof aliyunSchemas = aliyunSchemas
/** AWS Lambda event schemas: API Gateway v1/v2, Function URL, ALB, SQS, SNS, S3, Kinesis, DynamoDB Streams, MSK and self-managed Kafka, EventBridge schedules and events. */
export const aws: typeof awsSchemas = awsSchemas
/** Tencent Cloud SCF event schemas: API Gateway, Function URL, timers, COS, CMQ and CKafka. */
export const tencent: typeof tencentSchemas = tencentSchemas
/** Huawei Cloud FunctionGraph event schemas: APIG, timers, OBS (both formats), SMN and DMS for Kafka and RocketMQ. */
export const huawei: typeof huaweiSchemas = huaweiSchemas
