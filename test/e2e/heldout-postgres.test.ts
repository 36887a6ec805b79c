// Held-out check of minify-fixture/postgres:1.0 (test/e2e/checks/postgres.ts) on the source and the slim images.
import { postgresCheck } from './checks/postgres.js';
import { heldOutSuite } from './heldout-suite.js';

heldOutSuite(postgresCheck, {
  componentGap: '--closure component lacks the module dirs of the live postgresql-15 package that `select 1` never loads: '
    + '/usr/lib/postgresql/15/lib (plpgsql.so, dict_snowball.so, utf8_and_iso8859_1.so, pg_trgm.so, hstore.so, unaccent.so) '
    + 'and /usr/share/postgresql/15/extension (pg_trgm.control, hstore.control, unaccent.control)',
});
