// Held-out check of minify-fixture/static-web:1.0 (test/e2e/checks/static-web.ts) on the source and the slim images.
import { staticWebCheck } from './checks/static-web.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(staticWebCheck);
