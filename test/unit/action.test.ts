// action.yml against the CLI: every input is a real `minify run` flag (introspected from the commander
// program) that reaches the run through MINIFY_<FLAG>, or one of the few the action itself uses; the
// run step, executed with a stand-in `minify`, sets every declared output and keeps minify's exit code.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Command, type Option } from 'commander';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunConfig, resolveRuns } from '../../src/cli/run-config-file.js';
import { defineRunCommand } from '../../src/cli/run.js';

interface Step { readonly id?: string; readonly name: string; readonly if?: string; readonly uses?: string; readonly run?: string; readonly env?: Record<string, string>; readonly with?: Record<string, string> }
interface Action {
  readonly inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  readonly outputs: Record<string, { description: string; value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

const ROOT = join(import.meta.dirname, '..', '..');
/** Inputs the action uses itself, and the step that does: none of them may be a run flag. */
const ACTION_ONLY: Record<string, string> = { image: 'minify run', version: 'Install minify', 'artifact-name': 'Upload the report and SBOM' };

let action: Action;
let tmp: string;
beforeAll(async () => {
  action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as Action;
  tmp = await mkdtemp(join(tmpdir(), 'action-test-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function runCommand(): Command {
  const program = new Command().exitOverride();
  const command = defineRunCommand(program).action(() => {});
  program.parse(['run', 'app:1'], { from: 'user' });
  return command;
}

/** `minify run`'s options by long name (`--no-verify` and `--verify` are one name). */
function runFlags(command: Command): Map<string, Option> {
  const flags = new Map<string, Option>();
  for (const option of command.options) {
    const name = (option.long ?? '').replace(/^--(no-)?/, '');
    if (!flags.has(name) || option.required || option.optional) flags.set(name, option);
  }
  return flags;
}

const step = (name: string) => {
  const found = action.runs.steps.find((s) => s.name === name);
  if (!found) throw new Error(`action.yml has no step "${name}"`);
  return found;
};
const inputExpression = (name: string) => `\${{ inputs.${name} }}`;

/** A value the option's own parser takes, so resolveRuns shows whether the env var reached it. */
function sample(option: Option): string {
  if (!option.required && !option.optional) return 'true';
  if (option.argChoices?.length) return option.argChoices.at(-1) ?? '';
  const parse = option.parseArg as ((value: string, previous: unknown) => unknown) | undefined;
  for (const candidate of ['7', 'A=1', 'probes/x.ts']) {
    try {
      parse?.(candidate, option.defaultValue);
      return candidate;
    } catch {
      // the next one
    }
  }
  throw new Error(`no sample value for ${option.long}`);
}

describe('action.yml', () => {
  it('is a composite action whose inputs are minify run flags, given as MINIFY_<FLAG>, or used by the action itself', async () => {
    expect(action.runs.using).toBe('composite');
    const command = runCommand();
    const flags = runFlags(command);
    const runEnv = step('minify run').env ?? {};
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      if (name in ACTION_ONLY) {
        expect(flags.has(name), `${name} is a run flag: pass it as MINIFY_ env`).toBe(false);
        expect(JSON.stringify(step(ACTION_ONLY[name] ?? '')), name).toContain(`inputs.${name}`);
        continue;
      }
      const option = flags.get(name);
      expect(option, `input ${name} is no flag of minify run`).toBeDefined();
      const envVar = Object.entries(runEnv).find(([, value]) => value === inputExpression(name))?.[0];
      expect(envVar, `input ${name} is not passed to minify run`).toBeDefined();
      if (name === 'config') {
        // --config picks the file the other settings come from: its env var is read before them.
        const file = join(tmp, 'from-env.yml');
        await writeFile(file, 'ready-timeout: 9\n');
        expect((await readRunConfig(command, undefined, { [envVar ?? '']: file }))?.defaults).toEqual({ 'ready-timeout': 9 });
        continue;
      }
      // The env var is the one the CLI reads for this flag: the parsed flags change with it.
      const value = sample(option as Option);
      const [resolved] = resolveRuns(command, 'app:1', { [envVar ?? '']: value });
      const attribute = (option as Option).attributeName();
      expect(resolved?.flags[attribute], `${envVar}=${value} does not set --${name}`).not.toEqual(command.opts()[attribute]);
    }
    // No env var of the run step is left without its input (MINIFY_ACTION_* are the step's own).
    for (const [envVar, value] of Object.entries(runEnv)) {
      if (envVar.startsWith('MINIFY_ACTION_')) continue;
      expect(value, envVar).toMatch(/^\$\{\{ inputs\.[a-z-]+ \}\}$/);
    }
    expect(runEnv.MINIFY_ACTION_IMAGE).toBe(inputExpression('image'));
    expect(action.inputs.image?.required).toBe(true);
  });

  it('sets every output from the run step, keeps minify\'s exit code, and writes the job summary', async () => {
    const bin = join(tmp, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    // A stand-in minify: records its argv and MINIFY_* env, writes a report and Markdown, exits as told.
    await writeFile(join(bin, 'minify'), [
      '#!/bin/sh',
      'echo "$@" > "$FAKE_DIR/argv"; env > "$FAKE_DIR/env"',
      'cat > "$MINIFY_REPORT" <<EOF',
      '{"schema":1,"source":{"ref":"app:1","bytes":1000},"slim":{"ref":"app:1-slim","bytes":100,"kept":true},"debug":{"ref":"app:1-debug","bytes":120},',
      ' "ratio":10,"verified":"passed","pushed":[{"ref":"app:1-slim","ok":true},{"ref":"app:1-debug","ok":true}],"exitCode":$FAKE_EXIT}',
      'EOF',
      'echo "### minify run" > "$MINIFY_MARKDOWN"',
      'exit "$FAKE_EXIT"',
      '',
    ].join('\n'));
    await chmod(join(bin, 'minify'), 0o755);
    const run = step('minify run');
    const inputs: Record<string, string> = {
      ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])),
      image: 'app:1', probe: 'probes/a.ts\nprobes/b.ts', debug: 'true', push: 'true', 'max-size': '150MB',
    };
    const stepEnv = Object.fromEntries(Object.entries(run.env ?? {}).map(([key, value]) =>
      [key, value.replace(/^\$\{\{ inputs\.([a-z-]+) \}\}$/, (_, name: string) => inputs[name] ?? '')]));
    const outputFile = join(tmp, 'github-output');
    const execute = (exit: number) => {
      const result = spawnSync('bash', ['-c', run.run ?? ''], {
        env: {
          PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, RUNNER_TEMP: tmp, GITHUB_OUTPUT: outputFile,
          FAKE_DIR: tmp, FAKE_EXIT: String(exit), ...stepEnv,
        },
        encoding: 'utf8',
      });
      return result.status;
    };

    await writeFile(outputFile, '');
    expect(execute(0)).toBe(0);
    const written = Object.fromEntries((await readFile(outputFile, 'utf8')).trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value, name).toBe(`\${{ steps.${run.id}.outputs.${name} }}`);
      expect(written, `output ${name} is not set by the run step`).toHaveProperty(name);
    }
    expect(written).toMatchObject({
      'slim-ref': 'app:1-slim', 'slim-bytes': '100', 'debug-ref': 'app:1-debug', ratio: '10.00', verified: 'passed',
      pushed: 'app:1-slim app:1-debug', 'exit-code': '0', report: join(tmp, 'minify-report.json'), markdown: join(tmp, 'minify-summary.md'),
    });
    expect((await readFile(join(tmp, 'argv'), 'utf8')).trim()).toBe('run app:1');
    const env = await readFile(join(tmp, 'env'), 'utf8');
    expect(env).toContain('MINIFY_PROBE=probes/a.ts\nprobes/b.ts\n');
    expect(env).toMatch(/^MINIFY_PUSH=true$/m);
    expect(env).toMatch(/^MINIFY_MAX_SIZE=150MB$/m);

    // A failed gate fails the step with minify's exit code; the outputs are written all the same.
    await writeFile(outputFile, '');
    expect(execute(11)).toBe(11);
    expect(await readFile(outputFile, 'utf8')).toMatch(/^exit-code=11$/m);

    const summary = step('Job summary');
    expect(summary.if).toMatch(/always\(\)/);
    const summaryFile = join(tmp, 'step-summary');
    await writeFile(summaryFile, '');
    spawnSync('bash', ['-c', summary.run ?? ''], { env: { PATH: '/usr/bin:/bin', GITHUB_STEP_SUMMARY: summaryFile, MINIFY_ACTION_MARKDOWN: written.markdown } });
    expect(await readFile(summaryFile, 'utf8')).toBe('### minify run\n');
  });

  it('uploads the report, Markdown, SBOM and HTML page as an artifact, even when the run failed', () => {
    const upload = step('Upload the report and SBOM');
    expect(upload.uses).toMatch(/^actions\/upload-artifact@v\d+$/);
    expect(upload.if).toMatch(/always\(\)/);
    for (const output of ['report', 'markdown', 'sbom', 'html']) expect(upload.with?.path).toContain(`\${{ steps.run.outputs.${output} }}`);
  });
});
