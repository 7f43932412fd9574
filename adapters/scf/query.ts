import { appendQuery, emptyRecord, InvalidEventError, optionalRecord, type QueryParams } from '../../src/model/index.js'

/**
 * Reads SCF's `queryString`: every parameter of the request, values decoded; a repeated key arrives as a list,
 * and a bare `?flag` as the boolean `true` (read as an empty value). Anything else (objects) is a 400.
 */
export function readQueryString(trigger: string, map: unknown): QueryParams {
  const params: QueryParams = emptyRecord()
  const source = optionalRecord(trigger, 'queryString', map)
  if (source === undefined) return params
  for (const key in source) {
    const value = source[key]
    const values = Array.isArray(value) ? value : [value]
    for (let i = 0; i < values.length; i++) {
      const item = values[i]
      if (typeof item === 'string') appendQuery(params, key, item)
      else if (item === true) appendQuery(params, key, '')
      else if (typeof item === 'number') appendQuery(params, key, String(item))
      else if (item !== undefined && item !== null) {
        const field = Array.isArray(value) ? `queryString.${key}[${i}]` : `queryString.${key}`
        throw new InvalidEventError(trigger, field, `must be a string (or true for a bare flag), got ${typeof item === 'object' ? 'an object' : typeof item}`)
      }
    }
  }
  return params
}
