// Held-out check of minify-fixture/python-web:1.0 (test/e2e/checks/python-web.ts) on the source and the slim images.
import { pythonWebCheck } from './checks/python-web.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(pythonWebCheck);
