import { emptyRecord, isRecord } from '../../src/model/index.js'

// DynamoDB's typed JSON (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_AttributeValue.html)
// as plain values: S a string, N a number, B bytes, SS/NS/BS lists, M an object, L a list, NULL null, BOOL a boolean.
// Numbers travel as strings of up to 38 digits: one is a JavaScript number only when a double holds it exactly (an
// integer within Number.MAX_SAFE_INTEGER, or at most 15 significant digits), else it stays the decimal string, so no
// digit is lost. Objects have no prototype, so a `__proto__` attribute is an ordinary key.

/** An attribute value that is not DynamoDB's typed JSON; `path` names where. */
class AttributeValueError extends Error {
  constructor(path: string, problem: string) {
    super(`${path} ${problem}`)
    this.name = 'AttributeValueError'
  }
}

/** A DynamoDB number as a JavaScript number when exact, else its string. */
function dynamoNumber(text: string, path: string): number | string {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) throw new AttributeValueError(path, `is not a number: ${JSON.stringify(text.slice(0, 50))}`)
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? value : text
  // Significant digits of the mantissa: no sign, exponent, point, or leading and trailing zeros.
  const significant = text.trim().replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '')
  return significant.length <= 15 ? value : text
}

function stringOf(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AttributeValueError(path, `must be a string, got ${value === null ? 'null' : typeof value}`)
  return value
}

function listOf(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new AttributeValueError(path, 'must be a list')
  return value
}

/** One typed attribute value as a plain value. */
function unmarshallValue(value: unknown, path: string): unknown {
  if (!isRecord(value)) throw new AttributeValueError(path, 'must be an attribute value object such as { "S": "..." }')
  const types = Object.keys(value)
  if (types.length !== 1) throw new AttributeValueError(path, `must have exactly one type key, got ${types.length === 0 ? 'none' : types.slice(0, 5).join(', ')}`)
  const type = types[0]!
  const v = value[type]
  switch (type) {
    case 'S':
      return stringOf(v, `${path}.S`)
    case 'N':
      return dynamoNumber(stringOf(v, `${path}.N`), `${path}.N`)
    case 'B':
      return Buffer.from(stringOf(v, `${path}.B`), 'base64')
    case 'BOOL':
      if (typeof v !== 'boolean') throw new AttributeValueError(`${path}.BOOL`, 'must be a boolean')
      return v
    case 'NULL':
      return null
    case 'SS':
      return listOf(v, `${path}.SS`).map((s, i) => stringOf(s, `${path}.SS[${i}]`))
    case 'NS':
      return listOf(v, `${path}.NS`).map((s, i) => dynamoNumber(stringOf(s, `${path}.NS[${i}]`), `${path}.NS[${i}]`))
    case 'BS':
      return listOf(v, `${path}.BS`).map((s, i) => Buffer.from(stringOf(s, `${path}.BS[${i}]`), 'base64'))
    case 'L':
      return listOf(v, `${path}.L`).map((item, i) => unmarshallValue(item, `${path}.L[${i}]`))
    case 'M':
      return unmarshallItem(v, `${path}.M`)
    default:
      throw new AttributeValueError(path, `has an unknown type ${JSON.stringify(type.slice(0, 20))}`)
  }
}

/** A map of typed attribute values (an item, its keys, an `M` value) as a prototype-free object of plain values. */
export function unmarshallItem(item: unknown, path: string): Record<string, unknown> {
  if (!isRecord(item)) throw new AttributeValueError(path, 'must be an object of attribute values')
  const out = emptyRecord<unknown>()
  for (const name of Object.keys(item)) out[name] = unmarshallValue(item[name], `${path}.${name}`)
  return out
}
