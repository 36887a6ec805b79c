// Held-out check of minify-fixture/redis:1.0 (test/e2e/checks/redis.ts) on the source and the slim
// image. Its light probe (PING/SET/GET) already reaches every file redis needs for the check, so the
// traced-only image passes too: there is no traced half (issue 12 reuses the check without a probe).
import { redisCheck } from './checks/redis.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(redisCheck, { tracedFails: false });
