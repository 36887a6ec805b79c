// Held-out check of minify-fixture/python-web:1.0 (test/e2e/checks/python-web.ts) on the source and the slim images.
import { pythonWebCheck } from './checks/python-web.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(pythonWebCheck, {
  componentGap: '--closure component lacks /var/lib/python-web, an empty dir of the image\'s own layers owned by app '
    + '(POST /notes: PermissionError creating it); the planner does not keep empty app dirs yet',
});
