// Reads a platform result back into status, headers, cookies and body bytes, checking on the way that it
// has exactly the shape its gateway accepts (a wrong shape fails the test, not only a wrong value).

export interface DecodedResult {
  status: number
  /** Lower-case names, every value in order (comma-joined values stay joined, as the gateway sends them). */
  headers: Record<string, string[]>
  cookies: string[]
  body: Buffer
  isBase64Encoded: boolean
  text(): string
  json(): any
}

type Shape = 'apigw-v1' | 'apigw-v2' | 'alb'

const SHAPES: Record<string, Shape> = {
  'aws/apigw-v1': 'apigw-v1',
  'aws/apigw-v2': 'apigw-v2',
  'aws/function-url': 'apigw-v2',
  'aws/alb': 'alb',
}

function fail(trigger: string, problem: string, result: unknown): never {
  throw new Error(`${trigger} result ${problem}: ${JSON.stringify(result)}`)
}

function checkKeys(trigger: string, result: Record<string, unknown>, allowed: string[]) {
  for (const key of Object.keys(result)) if (!allowed.includes(key)) fail(trigger, `has unexpected key ${key}`, result)
}

function addAll(target: Record<string, string[]>, map: unknown, multi: boolean, trigger: string, result: unknown) {
  if (map === undefined) return
  if (typeof map !== 'object' || map === null) fail(trigger, 'has a header map that is not an object', result)
  for (const [name, value] of Object.entries(map)) {
    const values = multi ? value : [value]
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) fail(trigger, `has a bad value for header ${name}`, result)
    if (name !== name.toLowerCase()) fail(trigger, `has a header name that is not lower-case: ${name}`, result)
    ;(target[name] ??= []).push(...values)
  }
}

/** Decodes the result an entry function returned for `trigger` (`provider/trigger`). */
export function decodePlatformResult(trigger: string, result: any): DecodedResult {
  const shape = SHAPES[trigger]
  if (!shape) throw new Error(`no decoder for ${trigger}`)
  if (typeof result !== 'object' || result === null) fail(trigger, 'is not an object', result)
  if (!Number.isInteger(result.statusCode)) fail(trigger, 'has no integer statusCode', result)
  if (typeof result.body !== 'string') fail(trigger, 'has a body that is not a string', result)
  if (typeof result.isBase64Encoded !== 'boolean') fail(trigger, 'has no boolean isBase64Encoded', result)
  const headers: Record<string, string[]> = {}
  let cookies: string[] = []
  if (shape === 'apigw-v1') {
    checkKeys(trigger, result, ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'])
    for (const name of Object.keys(result.headers ?? {})) {
      if (result.multiValueHeaders?.[name]) fail(trigger, `sends ${name} in both header maps`, result)
    }
    addAll(headers, result.headers, false, trigger, result)
    addAll(headers, result.multiValueHeaders, true, trigger, result)
    cookies = headers['set-cookie'] ?? []
    delete headers['set-cookie']
  } else if (shape === 'apigw-v2') {
    checkKeys(trigger, result, ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'])
    addAll(headers, result.headers, false, trigger, result)
    if (headers['set-cookie']) fail(trigger, 'sends Set-Cookie as a header instead of cookies[]', result)
    if (result.cookies !== undefined && (!Array.isArray(result.cookies) || result.cookies.length === 0)) {
      fail(trigger, 'has a cookies field that is not a non-empty list', result)
    }
    cookies = result.cookies ?? []
  } else {
    checkKeys(trigger, result, ['statusCode', 'statusDescription', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'])
    if (!/^\d{3} \S/.test(result.statusDescription ?? '')) fail(trigger, 'has no statusDescription', result)
    if ((result.headers === undefined) === (result.multiValueHeaders === undefined)) fail(trigger, 'needs exactly one header map', result)
    addAll(headers, result.headers, false, trigger, result)
    addAll(headers, result.multiValueHeaders, true, trigger, result)
    cookies = headers['set-cookie'] ?? []
    delete headers['set-cookie']
  }
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8')
  return {
    status: result.statusCode,
    headers,
    cookies,
    body,
    isBase64Encoded: result.isBase64Encoded,
    text: () => body.toString('utf8'),
    json: () => JSON.parse(body.toString('utf8')),
  }
}
