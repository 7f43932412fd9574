import { STATUS_CODES } from 'node:http'
import { describe, expect, it } from 'vitest'
import { isBase64, readFlag } from '../../src/model/body.js'
import { parseCookieHeader } from '../../src/model/cookies.js'
import { isBinaryByDefault, isTextContentType } from '../../src/model/http-result.js'
import { requestPath, stripPathPrefix, toWirePath } from '../../src/model/path.js'
import { formatQuery, parseQuery } from '../../src/model/query.js'
import { statusText } from '../../src/model/status-text.js'

describe('query strings', () => {
  it('keeps repeated keys in order and decodes once, + as space', () => {
    const q = parseQuery('a=1&b=x+y&a=2&c=%2541&d')
    expect({ ...q }).toEqual({ a: ['1', '2'], b: 'x y', c: '%41', d: '' })
  })

  it('does not drop keys past a thousand', () => {
    const raw = Array.from({ length: 1500 }, (_, i) => `k${i}=${i}`).join('&')
    expect(Object.keys(parseQuery(raw))).toHaveLength(1500)
  })

  it('keeps invalid escapes as they are instead of throwing', () => {
    expect(parseQuery('a=%E4%BD&b=%zz').b).toBe('%zz')
  })

  it('formats decoded values back with one round of encoding', () => {
    const raw = formatQuery(parseQuery('a=1&a=2&b=x%20y%26z&%C3%A9=%25'))
    expect(raw).toBe('a=1&a=2&b=x%20y%26z&%C3%A9=%25')
  })

  it('formats a lone surrogate as U+FFFD instead of throwing', () => {
    expect(formatQuery({ a: '\ud800', b: 'x\udc00y', ok: '😀' })).toBe('a=%EF%BF%BD&b=x%EF%BF%BDy&ok=%F0%9F%98%80')
  })

  it('has no inherited keys', () => {
    const q = parseQuery('x=1')
    expect(q.constructor).toBeUndefined()
    expect('toString' in q).toBe(false)
  })
})

describe('paths on the wire', () => {
  it.each([
    ['/already%20encoded', '/already%20encoded'],
    ['/a b', '/a%20b'],
    ['/what?', '/what%3F'],
    ['/frag#x', '/frag%23x'],
    ['/100%', '/100%25'],
    ['/%zz', '/%25zz'],
    ['/你好', '/%E4%BD%A0%E5%A5%BD'],
    ['/emoji/😀', '/emoji/%F0%9F%98%80'],
    ['/lone\ud800', '/lone%EF%BF%BD'],
    ['', '/'],
    ['relative', '/relative'],
    ["/sub-delims!$&'()*+,;=:@", "/sub-delims!$&'()*+,;=:@"],
  ])('%j becomes %j', (input, expected) => {
    expect(toWirePath(input)).toBe(expected)
  })

  it('strips a prefix only as a whole segment', () => {
    expect(stripPathPrefix('/prod/users', '/prod')).toBe('/users')
    expect(stripPathPrefix('/prod', 'prod')).toBe('/')
    expect(stripPathPrefix('/production/x', '/prod')).toBe('/production/x')
    expect(stripPathPrefix('/api/v1/x', '/api/v1/')).toBe('/x')
  })

  it('strips the stage (not $default) and the base path when asked', () => {
    expect(requestPath('/dev/api/x', { stripStage: true, basePath: '/api' }, 'dev')).toBe('/x')
    expect(requestPath('/dev/x', { stripStage: false, basePath: undefined }, 'dev')).toBe('/dev/x')
    expect(requestPath('/$default/x', { stripStage: true, basePath: undefined }, '$default')).toBe('/$default/x')
  })
})

describe('base64 and flags', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', 'YWJjZA', 'A-_z', 'AAAA'])('accepts %j', (text) => {
    expect(isBase64(text)).toBe(true)
  })
  it.each(['Y', 'YQ=', '=YQ=', 'YQ==YQ==', 'ab$c', 'YW Jj', 'YWJjZ===', 'YQ\n=='])('rejects %j', (text) => {
    expect(isBase64(text)).toBe(false)
  })
  it('reads boolean flags and their string forms', () => {
    expect([true, 'true', false, 'false', undefined, null, 'yes', 1].map(readFlag)).toEqual([true, true, false, false, false, false, undefined, undefined])
  })
})

describe('cookies', () => {
  it('parses pairs, first occurrence wins, quotes and escapes handled', () => {
    const c = parseCookieHeader('a=1; b="two"; a=3; c=%20x; d=%zz; =bad; e')
    expect({ ...c }).toEqual({ a: '1', b: 'two', c: ' x', d: '%zz' })
  })

  it('reads a repeated Cookie header (a list) as its values joined with "; "', () => {
    expect({ ...parseCookieHeader(['a=1', 'b=2; c=3']) }).toEqual({ a: '1', b: '2', c: '3' })
  })
})

describe('the binary rule', () => {
  it.each([
    ['text/html; charset=utf-8', false],
    ['application/json', false],
    ['application/problem+json', false],
    ['application/vnd.api+json', false],
    ['application/xml', false],
    ['application/atom+xml', false],
    ['application/javascript', false],
    ['application/x-www-form-urlencoded', false],
    ['image/svg+xml', false],
    ['image/png', true],
    ['application/octet-stream', true],
    ['application/pdf', true],
    ['application/jsonp-not-really', true],
  ])('%s is binary: %s', (type, binary) => {
    expect(isBinaryByDefault(type, undefined)).toBe(binary)
    expect(isTextContentType(type)).toBe(!binary)
  })

  it('any content-encoding but identity makes the body binary', () => {
    expect(isBinaryByDefault('application/json', 'gzip')).toBe(true)
    expect(isBinaryByDefault('text/plain', 'br')).toBe(true)
    expect(isBinaryByDefault('text/plain', 'identity')).toBe(false)
  })
})

describe('reason phrases', () => {
  it('match Node for every registered status code, without loading node:http', () => {
    // 509 is not an IANA-registered code (Node carries it from Apache).
    const registered = Object.keys(STATUS_CODES).map(Number).filter((code) => code !== 509)
    for (const code of registered) expect([code, statusText(code)]).toEqual([code, STATUS_CODES[code]])
  })

  it('are Unknown for unassigned codes and for values that are not status codes', () => {
    for (const code of [99, 102.5, 199, 299, 432, 450, 512, 600, -1, Number.NaN, Infinity]) expect(statusText(code)).toBe('Unknown')
  })
})
