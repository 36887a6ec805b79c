// Held-out check for minify-fixture/postgres:1.0 with a real client from the host (the `pg` package):
// extensions, text-search dictionaries, encoding conversions, named time zones, and a restart.
import pg from 'pg';
import type { CheckTarget, HeldOutCheck } from './check-types.js';
import { FinalAnswer, same, StepRecorder, untilReady } from './steps.js';

const PORT = 5432;
const LATIN1_DB = 'heldout_latin1';

async function withClient<T>(target: CheckTarget, body: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port: target.hostPort(PORT), user: 'postgres', database, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined); // a server gone away surfaces as the failed query instead
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function one(client: pg.Client, sql: string, params: unknown[] = []): Promise<unknown> {
  const { rows } = await client.query({ text: sql, values: params, rowMode: 'array' });
  return (rows[0] as unknown[] | undefined)?.[0];
}

const ZONES: ReadonlyArray<[zone: string, local: string]> = [
  ['Asia/Tokyo', '2023-11-15 07:13:20 JST +09'],
  ['America/New_York', '2023-11-14 17:13:20 EST -05'],
  ['Europe/Berlin', '2023-11-14 23:13:20 CET +01'],
  ['Australia/Adelaide', '2023-11-15 08:43:20 ACDT +10:30'],
];

async function run(target: CheckTarget) {
  const rec = new StepRecorder();
  await withClient(target, async (db) => {
    await rec.step('extension pg_trgm (similarity, a trigram GIN index)', async () => {
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await db.query('CREATE TABLE IF NOT EXISTS heldout_words (w text)');
      await db.query('CREATE INDEX IF NOT EXISTS heldout_words_trgm ON heldout_words USING gin (w gin_trgm_ops)');
      await db.query("INSERT INTO heldout_words VALUES ('minify'), ('magnify'), ('postgres')");
      same('similarity', await one(db, "SELECT round(similarity('minify', 'minified')::numeric, 3)::text"), '0.455');
      same('% match', await one(db, "SELECT string_agg(w, ',' ORDER BY w) FROM heldout_words WHERE w % 'minfy'"), 'minify');
    });
    await rec.step('extension hstore', async () => {
      await db.query('CREATE EXTENSION IF NOT EXISTS hstore');
      same('hstore ->', await one(db, "SELECT ('a=>1, b=>\"two words\"'::hstore) -> 'b'"), 'two words');
    });
    await rec.step('extension unaccent (its rules file)', async () => {
      await db.query('CREATE EXTENSION IF NOT EXISTS unaccent');
      same('unaccent', await one(db, "SELECT unaccent('Grüße aus Köln, Hôtel Ærø')"), 'Grusse aus Koln, Hotel AEro');
    });
    await rec.step('PL/pgSQL function', async () => {
      await db.query("CREATE OR REPLACE FUNCTION heldout_fact(n int) RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN IF n <= 1 THEN RETURN 1; END IF; RETURN n * heldout_fact(n - 1); END $$");
      same('heldout_fact(10)', await one(db, 'SELECT heldout_fact(10)::text'), '3628800');
    });
    await rec.step('text search: english, german, french snowball dictionaries', async () => {
      same('english', await one(db, "SELECT to_tsvector('english', 'The quick brown foxes were running')::text"), "'brown':3 'fox':4 'quick':2 'run':6");
      same('german', await one(db, "SELECT to_tsvector('german', 'Die laufenden Füchse')::text"), "'fuchs':3 'laufend':2");
      same('french', await one(db, "SELECT to_tsvector('french', 'Les chevaux mangeaient')::text"), "'cheval':2 'le':1 'mang':3");
      same('match', await one(db, "SELECT to_tsvector('english', 'running foxes') @@ to_tsquery('english', 'run & fox')"), true);
      same('ts_lexize', await one(db, "SELECT ts_lexize('english_stem', 'databases')::text"), '{databas}');
    });
    await rec.step('encoding conversions: convert_to / convert_from', async () => {
      same('to LATIN1', await one(db, "SELECT encode(convert_to('Grüße', 'LATIN1'), 'hex')"), '4772fcdf65');
      same('from LATIN1', await one(db, "SELECT convert_from('\\x4772fcdf65'::bytea, 'LATIN1')"), 'Grüße');
      same('to WIN1252', await one(db, "SELECT encode(convert_to('€5', 'WIN1252'), 'hex')"), '8035');
      same('to SJIS', await one(db, "SELECT encode(convert_to('日本', 'SJIS'), 'hex')"), '93fa967b');
      same('to KOI8R', await one(db, "SELECT encode(convert_to('Привет', 'KOI8R'), 'hex')"), 'f0d2c9d7c5d4');
    });
    await rec.step('client_encoding LATIN1', async () => {
      await db.query("SET client_encoding TO 'LATIN1'");
      // The client sends UTF-8 'é' (c3 a9); read as LATIN1 that is 'Ã©', which the server converts to UTF-8.
      same('converted', await one(db, "SELECT encode(convert_to('é', 'UTF8'), 'hex')"), 'c383c2a9');
      await db.query('RESET client_encoding');
    });
    await rec.step('time zones by name', async () => {
      for (const [zone, local] of ZONES) {
        await db.query(`SET TIME ZONE '${zone}'`);
        same(zone, await one(db, "SELECT to_char('2023-11-14 22:13:20+00'::timestamptz, 'YYYY-MM-DD HH24:MI:SS TZ OF')"), local);
      }
      await db.query('RESET TIME ZONE');
      same('AT TIME ZONE', await one(db, "SELECT ('2023-07-01 12:00:00+00'::timestamptz AT TIME ZONE 'America/Los_Angeles')::text"), '2023-07-01 05:00:00');
      const names = Number(await one(db, 'SELECT count(*) FROM pg_timezone_names'));
      if (names < 400) throw new Error(`pg_timezone_names lists ${names} zones, expected the whole tz database (400+)`);
    });
    await rec.step(`a database in LATIN1 (${LATIN1_DB})`, async () => {
      await db.query(`DROP DATABASE IF EXISTS ${LATIN1_DB}`);
      await db.query(`CREATE DATABASE ${LATIN1_DB} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
      await withClient(target, async (latin) => {
        same('server_encoding', await one(latin, 'SHOW server_encoding'), 'LATIN1');
        await latin.query('CREATE TABLE notes (s text)');
        await latin.query('INSERT INTO notes VALUES ($1)', ['Grüße']);
        same('round trip', await one(latin, 'SELECT s FROM notes'), 'Grüße');
        same('stored bytes', await one(latin, 'SELECT octet_length(s) FROM notes'), 5);
      }, LATIN1_DB);
    });
    await db.query('CREATE TABLE IF NOT EXISTS heldout_restart (note text)').catch(() => undefined);
    await db.query("INSERT INTO heldout_restart VALUES ('before restart')").catch(() => undefined);
  });

  await rec.step('restart: data, extensions and dictionaries still there', async () => {
    await target.restart();
    await withClient(target, async (db) => {
      same('row', await one(db, "SELECT count(*)::int FROM heldout_restart WHERE note = 'before restart'"), 1);
      same('extensions', await one(db, "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'"), 'hstore,pg_trgm,unaccent');
      same('similarity', await one(db, "SELECT round(similarity('minify', 'minified')::numeric, 3)::text"), '0.455');
      same('english', await one(db, "SELECT to_tsvector('english', 'running')::text"), "'run':1");
      await db.query("SET TIME ZONE 'Asia/Kolkata'");
      same('Asia/Kolkata', await one(db, "SELECT to_char('2023-11-14 22:13:20+00'::timestamptz, 'HH24:MI OF')"), '03:43 +05:30');
    });
  });
  return rec.steps;
}

export const postgresCheck: HeldOutCheck = {
  fixture: 'postgres',
  image: 'minify-fixture/postgres:1.0',
  port: PORT,
  probe: 'probes/postgres.ts',
  ready: (target, signal) => untilReady(signal, async () => {
    try {
      await withClient(target, async (db) => void (await db.query('SELECT 1')));
    } catch (error) {
      // A server error other than "starting up" (57P03) is the server's real answer.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && code !== '57P03') throw new FinalAnswer(String((error as Error).message));
      throw error;
    }
  }),
  run,
};
