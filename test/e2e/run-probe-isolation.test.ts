// Isolated probes through the real CLI: a probe that spins the CPU (for(;;){}) is killed at
// --probe-timeout and the run ends with exit 7, or on Ctrl-C with 130, leaving no container, temp dir
// or probe process behind.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { useSandbox } from './use-sandbox.js';

const IMAGE = 'minify-fixture/static-web:1.0';
const TAG = 'minify-e2e/isolation:slim';
const sandbox = useSandbox();

/** Processes whose command line names the file: an isolated probe's process that survived. */
function processesNaming(file: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args=']).toString();
  return out.split('\n').filter((line) => line.includes(file) && !line.includes('ps -eo'));
}

async function spinningProbe(name: string): Promise<string> {
  return sandbox.probe(name, "export default (ctx: any) => { ctx.log(`spinning in ${process.pid}`); for (;;) {} };\n");
}

function pidIn(stderr: string): number {
  return Number(/spinning in (\d+)/.exec(stderr)?.[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('isolated probes', () => {
  // The bound is far below the 120 s default, so a timeout that is not honoured fails; it leaves room for
  // the trace container's stop and removal after the kill, which took 3 s and more on a loaded CI machine.
  it('a for(;;){} probe with --probe-timeout 5 ends the run with exit 7 after 5 s and well before the default', async () => {
    const spin = await spinningProbe('spin.ts');
    let spinningAt = 0;
    const result = await sandbox.spawn(['run', IMAGE, '--tag', TAG, '--probe', spin, '--probe-timeout', '5'], (stderr) => {
      if (!spinningAt && stderr.includes('spinning in')) spinningAt = Date.now();
    });
    const endedAt = Date.now();
    expect(result.code, result.stderr).toBe(ExitCode.probeFailed);
    expect(result.stderr).toMatch(/^minify: probe spin\.ts timed out after 5s against the source image/m);
    expect(spinningAt).toBeGreaterThan(0);
    expect(endedAt - spinningAt).toBeGreaterThan(4500);
    expect(endedAt - spinningAt).toBeLessThan(20_000);
    expect(alive(pidIn(result.stderr))).toBe(false);
    expect(processesNaming(spin)).toEqual([]);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });

  it('Ctrl-C during a spinning probe exits 130 and kills the probe process', async () => {
    const spin = await spinningProbe('spin-int.ts');
    let sent = false;
    const result = await sandbox.spawn(['run', IMAGE, '--tag', TAG, '--probe', spin, '--probe-timeout', '120'], (stderr, child) => {
      if (!sent && stderr.includes('spinning in')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(result.code, result.stderr).toBe(ExitCode.interrupted);
    expect(alive(pidIn(result.stderr))).toBe(false);
    expect(processesNaming(spin)).toEqual([]);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });
});
