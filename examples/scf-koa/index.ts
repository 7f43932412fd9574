import { serve } from 'faasport/scf'
import { app } from './app.js'

/** SCF's entry (`index.main_handler`) for event functions behind API Gateway or a Function URL. */
export const main_handler = serve(app)
