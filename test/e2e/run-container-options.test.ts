// `minify run` with docker-run options for the app: an app that starts only with its env, env file,
// a database on a user network, a bind mount, a volume, another cmd, user and workdir, and a port it
// does not EXPOSE. Trace and verify both get them; the slim image keeps the source's config unless
// --bake-config.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/report/run-report.js';
import { commitImage, docker } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const id = uniqueId();
const APP = `minify-test/needs-options:${id}`;
const JOB = `minify-test/bake-job:${id}`;
const NETWORK = `minify-test-net-${id}`;
const DB = `minify-test-db-${id}`;
const sandbox = useSandbox({ tags: [`${APP}-slim`, `${JOB}-slim`, APP, JOB] });
let confDir: string;
let envFile: string;

/** The app: dies unless everything it needs is there, then answers GET with what it saw. */
const SERVE = String.raw`
use IO::Socket::INET; use Cwd; $| = 1;
my $greet = $ENV{GREETING} // die "GREETING is not set\n";
my $secret = $ENV{SECRET} // die "SECRET is not set\n";
open(my $c, "<", "/config/app.conf") or die "no /config/app.conf: $!\n"; my $conf = <$c>; chomp $conf;
my $db = IO::Socket::INET->new(PeerAddr => "db", PeerPort => 7000, Timeout => 5) or die "cannot reach db:7000: $@\n";
my $dbline = <$db>; chomp $dbline; close $db;
open(my $w, ">", "/data/started") or die "cannot write /data: $!\n"; print $w "ok\n"; close $w;
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die "listen: $!\n";
while (my $cl = $s->accept) { my $req = <$cl>;
  my $body = "greeting=$greet secret=$secret conf=$conf db=$dbline uid=$< cwd=" . getcwd() . "\n";
  print $cl "HTTP/1.0 200 OK\r\nContent-Length: " . length($body) . "\r\n\r\n$body"; close $cl; }
`;
const DB_SERVER = 'use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => 7000, Listen => 5, ReuseAddr => 1) or die; while (my $c = $s->accept) { print $c "db-ready\\n"; close $c; }';
const EXPECTED = 'greeting=hello secret=s3cr3t conf=from-bind db=db-ready uid=65534 cwd=/app';

/** An image made by running `script` in the fixture base (no network), then committing with `changes`. */
function buildImage(ref: string, script: string, changes: readonly string[]): void {
  const name = `minify-test-build-${uniqueId()}`;
  docker(['run', '--name', name, '--network', 'none', '--label', 'minify.test=build', 'minify-fixture/base:bookworm', 'sh', '-c', script]);
  try {
    docker(['commit', ...changes.flatMap((change) => ['--change', change]), name, ref]);
  } finally {
    docker(['rm', '-f', '-v', name]);
  }
}

beforeAll(async () => {
  buildImage(APP, `mkdir -p /app /data && chown 65534:65534 /data && cat > /app/serve.pl <<'EOF'\n${SERVE}\nEOF`, [
    // No EXPOSE, a Cmd that refuses to run, root as user: each option has to be given.
    'CMD ["perl", "-e", "die qq(run me with --cmd\\n)"]', 'WORKDIR /', 'USER root',
  ]);
  commitImage(JOB, ['CMD ["sh", "-c", "echo source-cmd"]']);
  confDir = join(sandbox.tmp, 'conf');
  await mkdir(confDir);
  await writeFile(join(confDir, 'app.conf'), 'from-bind\n');
  envFile = join(sandbox.tmp, 'app.env');
  await writeFile(envFile, '# the app\'s secret\nSECRET=s3cr3t\n\n');
  docker(['network', 'create', '--label', 'minify.test=options', NETWORK]);
  docker(['run', '-d', '--name', DB, '--network', NETWORK, '--network-alias', 'db', '--label', 'minify.test=options', APP, 'perl', '-e', DB_SERVER]);
}, 120_000);

afterAll(async () => {
  try { docker(['rm', '-f', '-v', DB]); } catch { /* not started */ }
  try { docker(['network', 'rm', NETWORK]); } catch { /* not created */ }
});

const appOptions = () => [
  '-e', 'GREETING=hello', '--env-file', envFile, '--network', NETWORK,
  '-v', `${confDir}:/config:ro`, '--mount', 'type=volume,target=/data',
  '--cmd', 'perl /app/serve.pl', '--user', 'nobody', '--workdir', '/app', '--publish', '8080',
];

describe('minify run with docker-run options', () => {
  it('traces and verifies an app that starts only with env, env file, network, mounts, cmd, user, workdir and a published port', async () => {
    const probe = await sandbox.probe('options-probe.ts', [
      'export default async function (ctx: any): Promise<void> {',
      `  await ctx.http.get('/', { port: 8080, expect: { status: 200, contains: ${JSON.stringify(EXPECTED)} } });`,
      '}',
    ].join('\n'));
    const result = await sandbox.spawn(['run', APP, ...appOptions(), '--probe', probe, '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual([['options-probe.ts', true]]);
    expect(report.probes.verify?.map((p) => [p.name, p.ok])).toEqual([['options-probe.ts', true]]);
    // Held out from the probe: the slim image, run by hand with the same options, says the same.
    const slimRun = docker(['run', '-d', '--label', 'minify.test=options', '--network', NETWORK, '-e', 'GREETING=hello', '--env-file', envFile,
      '-v', `${confDir}:/config:ro`, '--mount', 'type=volume,target=/data', '--user', 'nobody', '--workdir', '/app', '-p', '127.0.0.1::8080',
      `${APP}-slim`, 'perl', '/app/serve.pl']);
    try {
      const port = docker(['port', slimRun, '8080/tcp']).split('\n')[0]?.split(':').pop();
      expect(await fetchText(`http://127.0.0.1:${port}/other`)).toContain(EXPECTED);
    } finally {
      docker(['rm', '-f', '-v', slimRun]);
    }
    // Without --bake-config the slim image keeps the source's config.
    expect(docker(['image', 'inspect', '--format', '{{json .Config.Cmd}} {{.Config.User}}', `${APP}-slim`]))
      .toBe(docker(['image', 'inspect', '--format', '{{json .Config.Cmd}} {{.Config.User}}', APP]));
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 240_000);

  it('exits 8 with the app\'s own words when an option it needs is missing (no --network: no database)', async () => {
    const options = appOptions();
    options.splice(options.indexOf('--network'), 2);
    const result = await sandbox.spawn(['run', APP, ...options, '--ready-timeout', '20']);
    expect(result.code, result.stderr).toBe(ExitCode.appExited);
    expect(result.stderr).toMatch(/cannot reach db:7000/);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 120_000);

  it('--bake-config puts --cmd and --env into the slim image', async () => {
    const result = await sandbox.spawn(['run', JOB, '--job', '--cmd', 'sh -c \'echo "baked $GREETING"\'', '-e', 'GREETING=hi', '--bake-config', '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    expect(docker(['run', '--rm', '--network', 'none', `${JOB}-slim`])).toBe('baked hi');
    expect(docker(['run', '--rm', '--network', 'none', JOB])).toBe('source-cmd');
  }, 120_000);

  it('refuses a malformed option with exit 2 before anything starts', async () => {
    for (const bad of [['--publish', '127.0.0.1:80:80'], ['-v', 'relative'], ['-e', '=x'], ['--cmd', '["sh", 1]'], ['--workdir', 'app']]) {
      const result = await sandbox.spawn(['run', APP, ...bad]);
      expect(result.code, `${bad.join(' ')}: ${result.stderr}`).toBe(ExitCode.usage);
      expect(result.stderr).toMatch(/^minify: .* \(.+\)\n$/);
    }
    // What only the engine can judge: an unknown network is a usage error in the engine's words.
    const result = await sandbox.spawn(['run', APP, '--network', `${NETWORK}-missing`, '--cmd', 'perl /app/serve.pl']);
    expect(result.code, result.stderr).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/the engine refused the container options: network .*-missing not found/);
    // What only the image can judge: a --user its /etc/passwd lacks is the flag's error, not the app's exit.
    const user = await sandbox.spawn(['run', APP, '--user', 'nosuchuser', '--cmd', 'perl /app/serve.pl']);
    expect(user.code, user.stderr).toBe(ExitCode.usage);
    expect(user.stderr).toMatch(/^minify: --user nosuchuser: the image's \/etc\/passwd has no user 'nosuchuser' \(/m);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 90_000);
});

async function fetchText(url: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
