import type { ResultLimit } from '../../src/model/index.js'

/**
 * Alibaba Cloud API Gateway takes at most 6 MB of answer body from an FC event-function backend
 * (https://help.aliyun.com/zh/api-gateway/traditional-api-gateway/limits: "事件函数应答Body最大为6MB").
 * FC's own HTTP triggers document no response-body limit, so faasport sets none there.
 */
export const fcApiGatewayResultLimit: ResultLimit = {
  bytes: 6 * 1024 * 1024,
  platform: 'Alibaba Cloud API Gateway (FC event-function backends)',
  advice: 'store it in OSS and answer with a signed URL, or call the function through an FC HTTP trigger',
}
