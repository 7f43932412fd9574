// The schemas entry, as `faasport/schemas` users get it.
export * as schemas from '../../src/entries/schemas.js'
