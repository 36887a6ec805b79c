// Held-out check of minify-fixture/node-api:1.0 (test/e2e/checks/node-api.ts) on the source and the slim images.
import { nodeApiCheck } from './checks/node-api.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(nodeApiCheck);
