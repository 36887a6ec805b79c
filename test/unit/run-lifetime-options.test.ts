// --max-run-time: durations in s/m/h, the 30 min default, and the sensor's --deadline it becomes.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/run-lifetime-options.js';
import { defineRunCommand } from '../../src/cli/run.js';
import { UsageError } from '../../src/errors.js';
import { sensorEntrypoint } from '../../src/trace/sensor-reports.js';

function parsed(argv: readonly string[]): Record<string, unknown> {
  const program = new Command().exitOverride();
  const command = defineRunCommand(program).action(() => {});
  program.parse(['run', 'app:1', ...argv], { from: 'user' });
  return command.opts();
}

describe('--max-run-time', () => {
  it('takes seconds, minutes or hours, rounded up to whole seconds', () => {
    expect(parseDuration('90', '--max-run-time')).toBe(90);
    expect(parseDuration('5s', '--max-run-time')).toBe(5);
    expect(parseDuration('30m', '--max-run-time')).toBe(1800);
    expect(parseDuration('1.5h', '--max-run-time')).toBe(5400);
    expect(parseDuration('0.2s', '--max-run-time')).toBe(1);
  });

  it('refuses what is not a positive duration, in one line', () => {
    for (const bad of ['0', '-5m', '5d', 'soon', '', '1m30s']) expect(() => parseDuration(bad, '--max-run-time'), bad).toThrow(UsageError);
  });

  it('names the flag it parses and hints at the form', () => {
    expect(() => parseDuration('soon', '--some-wait')).toThrow(UsageError);
    expect(() => parseDuration('soon', '--some-wait')).toThrow(expect.objectContaining({ message: '--some-wait: "soon" is not a positive duration', hint: expect.stringMatching(/30m, 90s or 2h/) }));
    expect(() => parsed(['--max-run-time', '5d'])).toThrow(/--max-run-time: "5d"/);
  });

  it('defaults to 30 minutes', () => {
    expect(parsed([]).maxRunTime).toBe(1800);
    expect(parsed(['--max-run-time', '5s']).maxRunTime).toBe(5);
  });

  it('becomes the sensor\'s --deadline, before the app\'s command', () => {
    expect(sensorEntrypoint('none', '0', ['nginx', '-g', 'daemon off;'], 5)).toEqual([
      '/.minify/minify-sensor', '--mode', 'none', '--report', '/.minify/report.jsonl', '--user', '0', '--deadline', '5', '--', 'nginx', '-g', 'daemon off;',
    ]);
    expect(sensorEntrypoint('ptrace', 'redis', ['redis-server'])).not.toContain('--deadline');
  });
});
