// Express 4 and Koa 2 are installed under aliases beside Express 5 and Koa 3, to test both generations.
declare module 'express4' {
  import express from 'express'
  export default express
}
declare module 'koa2' {
  import Koa from 'koa'
  export default Koa
}
