// V8 keeps `Object.create(null)` objects in slow dictionary mode. Instances of this constructor have no
// Object.prototype in their chain either (so `__proto__`, `constructor` and `toString` are plain keys that are
// absent until set), yet stay fast. Node's querystring uses the same construction.
const EmptyRecord = function EmptyRecord() {} as unknown as new () => Record<string, any>
EmptyRecord.prototype = Object.freeze(Object.create(null))

/** A new empty record whose prototype chain holds no inherited keys. */
export function emptyRecord<T>(): Record<string, T> {
  return new EmptyRecord() as Record<string, T>
}

/** Adds a value under `key`, turning a repeated key into an array of every value in order. */
export function appendValue(record: Record<string, string | string[]>, key: string, value: string): void {
  const prev = record[key]
  if (prev === undefined) record[key] = value
  else if (typeof prev === 'string') record[key] = [prev, value]
  else prev.push(value)
}
