import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'

// A fetch-style app (Hono) that streams an LLM-like answer token by token. The tokens here come from a
// string; a real app would forward its model's stream the same way.
export const chat = new Hono()

const answer = 'Streaming means the first token reaches the user while the rest is still being written.'

chat.get('/chat', (c) =>
  streamSSE(c, async (stream) => {
    const prompt = c.req.query('q') ?? 'what is streaming?'
    await stream.writeSSE({ event: 'prompt', data: prompt })
    for (const token of answer.split(/(?<= )/)) {
      await stream.writeSSE({ event: 'token', data: token })
      await stream.sleep(Number(c.req.query('delay') ?? 40))
    }
    await stream.writeSSE({ event: 'done', data: '' })
  }),
)
