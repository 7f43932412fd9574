import type { Context } from 'aws-lambda'
import { isRecord, type InvocationInfo } from '../../src/model/index.js'

/** Reads the Lambda context: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
export function describeLambdaContext(context: unknown): InvocationInfo {
  if (!isRecord(context)) return { region: process.env.AWS_REGION }
  const c = context as Partial<Context>
  const arn = typeof c.invokedFunctionArn === 'string' ? c.invokedFunctionArn.split(':') : []
  const memory = Number(c.memoryLimitInMB)
  return {
    requestId: typeof c.awsRequestId === 'string' ? c.awsRequestId : undefined,
    functionName: typeof c.functionName === 'string' ? c.functionName : undefined,
    functionVersion: typeof c.functionVersion === 'string' ? c.functionVersion : undefined,
    memoryLimitMB: Number.isFinite(memory) && memory > 0 ? memory : undefined,
    region: arn[3] || process.env.AWS_REGION,
    accountId: arn[4] || undefined,
    remainingTimeMs:
      typeof c.getRemainingTimeInMillis === 'function' ? c.getRemainingTimeInMillis.bind(context) : undefined,
  }
}
