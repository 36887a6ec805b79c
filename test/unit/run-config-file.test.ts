// minify.yml and MINIFY_* for `minify run`: flags > env > the file's image entry > file defaults > built-in.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseRunConfig, resolveRuns } from '../../src/cli/run-config-file.js';
import { defineRunCommand } from '../../src/cli/run.js';

const FILE = `
ready-timeout: 30
probe: [probes/default.ts]
sensor-mode: ptrace
images:
  - image: app:1.4
    ready-timeout: 90
    env: [A=1, B=2]
    debug: true
  - image: worker:2
    job: true
  - other:3
`;

/** The run command parsed from argv (action-less), with the file read against it. */
function setup(argv: readonly string[], text = FILE) {
  const program = new Command().exitOverride();
  const command = defineRunCommand(program).action(() => {});
  program.parse(['run', ...argv], { from: 'user' });
  return { command, file: parseRunConfig(text, 'minify.yml', command), image: command.args[0] };
}

describe('minify.yml and MINIFY_* precedence', () => {
  it('no image on the command line runs every image of the file, each with its entry over the defaults', () => {
    const { command, file } = setup([]);
    const runs = resolveRuns(command, undefined, {}, file);
    expect(runs.map((run) => run.image)).toEqual(['app:1.4', 'worker:2', 'other:3']);
    const [app, worker, other] = runs.map((run) => run.flags);
    expect(app).toMatchObject({ readyTimeout: 90, env: ['A=1', 'B=2'], debug: true, probe: ['probes/default.ts'], sensorMode: 'ptrace' });
    expect(worker).toMatchObject({ readyTimeout: 30, job: true, probeTimeout: 120 });
    expect(other).toMatchObject({ readyTimeout: 30, env: [] });
  });

  it('env beats the file, a typed flag beats both', () => {
    const { command, file } = setup(['app:1.4', '--ready-timeout', '5']);
    const env = { MINIFY_READY_TIMEOUT: '7', MINIFY_PROBE: 'probes/env.ts', MINIFY_DEBUG_IMAGE: 'false' };
    const [app] = resolveRuns(command, 'app:1.4', env, file);
    expect(app?.flags).toMatchObject({ readyTimeout: 5, probe: ['probes/env.ts'], debug: false, env: ['A=1', 'B=2'] });
    const [fromEnv] = resolveRuns(command, 'app:1.4', { MINIFY_SENSOR_MODE: 'fanotify' }, file);
    expect(fromEnv?.flags).toMatchObject({ readyTimeout: 5, sensorMode: 'fanotify' });
  });

  it('MINIFY_DEBUG=1 asks for stack traces and leaves --debug alone', () => {
    const { command } = setup(['solo:1']);
    const [plain] = resolveRuns(command, 'solo:1', { MINIFY_DEBUG: '1' });
    expect(plain?.flags.debug).toBeUndefined();
    const [debug] = resolveRuns(command, 'solo:1', { MINIFY_DEBUG: '1', MINIFY_DEBUG_IMAGE: 'true' });
    expect(debug?.flags.debug).toBe(true);
  });

  it('a repeatable flag reads one value a line from its env var (a CI system\'s multi-line input)', () => {
    const { command, file } = setup(['app:1.4']);
    const [app] = resolveRuns(command, 'app:1.4', { MINIFY_PROBE: 'probes/a.ts\n\nprobes/b.ts\n', MINIFY_HTTP_PROBE: 'GET /health 200\r\nPOST /items {"a":1} 201' }, file);
    expect(app?.flags).toMatchObject({ probe: ['probes/a.ts', 'probes/b.ts'], httpProbe: ['GET /health 200', 'POST /items {"a":1} 201'] });
  });

  it('an image named on the command line but not in the file gets the file defaults', () => {
    const { command, file } = setup(['solo:1']);
    const runs = resolveRuns(command, 'solo:1', {}, file);
    expect(runs.map((run) => [run.image, run.flags.readyTimeout, run.flags.debug])).toEqual([['solo:1', 30, undefined]]);
  });

  it('checks settings with the flags\' own parsers and names where a bad one came from', () => {
    const { command, file } = setup([]);
    expect(() => resolveRuns(command, 'x:1', { MINIFY_READY_TIMEOUT: 'soon' }, file)).toThrow(/MINIFY_READY_TIMEOUT: --ready-timeout takes a positive number/);
    expect(() => resolveRuns(command, 'x:1', { MINIFY_SENSOR_MODE: 'magic' }, file)).toThrow(/MINIFY_SENSOR_MODE: "magic": Allowed choices are both, fanotify, ptrace/);
    expect(() => setup([], 'images: [{ image: a:1, ready-timout: 3 }]')).toThrow(/images\[0\]: ready-timout is not a minify run flag/);
    expect(() => setup([], 'images: [{ probe: x.ts }]')).toThrow(/images\[0\] needs an image/);
    expect(() => setup([], 'debug: [true')).toThrow(/minify.yml is not valid YAML/);
    const bad = setup([], 'debug: maybe');
    expect(() => resolveRuns(bad.command, 'a:1', {}, bad.file)).toThrow(/debug takes true or false/);
  });

  it('without an image and without a file there is nothing to run', () => {
    const { command } = setup([]);
    expect(() => resolveRuns(command, undefined, {}, undefined)).toThrow(/minify run needs an image/);
  });
});
