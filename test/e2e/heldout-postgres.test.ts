// Held-out check of minify-fixture/postgres:1.0 (test/e2e/checks/postgres.ts) on the source and the slim images.
import { postgresCheck } from './checks/postgres.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(postgresCheck);
