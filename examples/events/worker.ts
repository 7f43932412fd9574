import { on } from 'faasport'

/**
 * One worker for timers, uploads and queue messages on any cloud: every handler sees the same record shape
 * whether the event came from EventBridge, an FC timer, S3, OSS, COS, SQS, MNS, Kafka, CMQ or CKafka.
 */
export const handler = on(
  {
    timer: (t, invocation) => {
      console.log(`[${invocation.provider}] ${t.triggerName} fired at ${t.scheduledTime}`, t.data ?? '')
    },
    storage: (object) => {
      console.log(`${object.action} ${object.bucket}/${object.key} (${object.size ?? '?'} bytes)`)
    },
    queue: async (message) => {
      const order = message.json<{ id: string; amount: number }>()
      if (order.amount < 0) throw new Error(`order ${order.id} has a negative amount`)
      console.log(`order ${order.id} from ${message.trigger}: ${order.amount}`)
    },
  },
  // Lambda SQS: report failed messages individually (FC and SCF retry the whole event instead).
  { reportBatchItemFailures: true },
)
