// parseTraceReport: schema check, byte-string paths, truncation tolerance, exit status mapping.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { decodeReport, mergeReports, parseTraceReport, reportSequence } from '../../src/trace/parse.js';

const header = '{"type":"header","schema":1,"mode":"both","started":"2026-11-23T07:00:00Z","final":true}';
const end = (exit: string) => `{"type":"end","app_exit":${exit},"events":1,"execs":0}`;
const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function errorOf(fn: () => unknown): MinifyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MinifyError) return error;
    throw error;
  }
  throw new Error('expected a MinifyError');
}

describe('parseTraceReport', () => {
  it('maps events, execs, warnings and the exit code', () => {
    const report = parseTraceReport(lines(
      header,
      '{"type":"event","path":"/etc/passwd","op":"open","result":0,"pid":7,"comm":"node","source":"ptrace"}',
      '{"type":"event","path":"/usr/lib/x.so","op":"fanotify-open","result":0,"pid":7,"comm":"","source":"fanotify"}',
      '{"type":"event","path":"/nope","op":"stat","result":2,"pid":8,"comm":"sh","source":"ptrace"}',
      '{"type":"exec","pid":8,"path":"/bin/sh","argv":["sh","-c","true"]}',
      '{"type":"warning","message":"fanotify_init: Operation not permitted"}',
      end('{"code":3}'),
    ));
    expect(report.schemaVersion).toBe(1);
    expect(report.mode).toBe('both');
    expect(report.events).toEqual([
      { path: '/etc/passwd', op: 'open', result: 0, pid: 7, comm: 'node', source: 'ptrace' },
      { path: '/usr/lib/x.so', op: 'fanotify-open', result: 0, pid: 7, source: 'fanotify' },
      { path: '/nope', op: 'stat', result: 2, pid: 8, comm: 'sh', source: 'ptrace' },
    ]);
    expect(report.execs).toEqual([{ pid: 8, path: '/bin/sh', argv: ['sh', '-c', 'true'] }]);
    expect(report.warnings).toEqual(['fanotify_init: Operation not permitted']);
    expect(report.appExit).toEqual({ code: 3 });
  });

  it('turns UTF-8 paths and path_hex into latin1 byte strings', () => {
    const report = parseTraceReport(lines(
      header,
      '{"type":"event","path":"/srv/caf\u00e9","op":"open","result":0,"pid":1,"source":"ptrace"}',
      '{"type":"event","path_hex":"2f746d702fff","op":"stat","result":2,"pid":1,"source":"ptrace"}',
      end('null'),
    ));
    expect(report.events.map((e) => e.path)).toEqual([
      Buffer.from('/srv/café', 'utf8').toString('latin1'),
      '/tmp/\u00ff',
    ]);
    expect(report.appExit).toBeUndefined();
  });

  it('reads a signal exit', () => {
    expect(parseTraceReport(lines(header, end('{"signal":"SIGTERM"}'))).appExit).toEqual({ signal: 'SIGTERM' });
  });

  it('rejects unknown schema versions with sensorFailed', () => {
    const error = errorOf(() => parseTraceReport(lines(header.replace('"schema":1', '"schema":2'), end('null'))));
    expect(error.code).toBe(ExitCode.sensorFailed);
    expect(error.message).toMatch(/schema version 2/);
  });

  it('rejects text without a header', () => {
    expect(errorOf(() => parseTraceReport('')).code).toBe(ExitCode.sensorFailed);
    expect(errorOf(() => parseTraceReport(lines(end('null')))).code).toBe(ExitCode.sensorFailed);
  });

  it('tolerates a truncated last line but not a broken middle line', () => {
    const cut = `${header}\n{"type":"event","path":"/a","op":"open","result":0,"pid":1,"source":"ptrace"}\n{"type":"event","pa`;
    const report = parseTraceReport(cut);
    expect(report.events).toHaveLength(1);
    expect(report.warnings.join(' ')).toMatch(/truncated/);
    expect(errorOf(() => parseTraceReport(`${header}\n{"type":"ev\n${end('null')}\n`)).code).toBe(ExitCode.sensorFailed);
  });

  it('warns when the end line is missing', () => {
    expect(parseTraceReport(lines(header)).warnings.join(' ')).toMatch(/no end line/);
  });

  it('skips unknown ops and line types with a warning at most', () => {
    const report = parseTraceReport(lines(
      header,
      '{"type":"event","path":"/a","op":"teleport","result":0,"pid":1,"source":"ptrace"}',
      '{"type":"stats","cpu":1}',
      end('null'),
    ));
    expect(report.events).toEqual([]);
    expect(report.warnings).toEqual(['unknown op "teleport" on line 2 ignored']);
  });

  it('rejects events without a usable path', () => {
    const bad = '{"type":"event","path_hex":"zz","op":"open","result":0,"pid":1,"source":"ptrace"}';
    expect(errorOf(() => parseTraceReport(lines(header, bad, end('null')))).code).toBe(ExitCode.sensorFailed);
  });
});

describe('decodeReport', () => {
  it('reads the report file as UTF-8, so a non-ASCII path matches the image path byte for byte', () => {
    const file = Buffer.from(
      '{"type":"header","schema":1,"mode":"both","started":"2026-11-23T07:20:04Z","seq":1,"final":true}\n' +
        '{"type":"event","path":"/tmp/\u00e9t\u00e9","op":"open","result":0,"pid":7,"source":"ptrace"}\n',
      'utf8',
    );
    const [event] = parseTraceReport(decodeReport(file)).events;
    // Image paths are latin1 byte strings of the raw name bytes.
    expect(event?.path).toBe(Buffer.from('/tmp/\u00e9t\u00e9', 'utf8').toString('latin1'));
  });
});

describe('mergeReports', () => {
  it('adds the events, execs and warnings of probe-command sensors to the app report', () => {
    const main = { schemaVersion: 1, mode: 'both' as const, appExit: { code: 0 }, warnings: [], execs: [],
      events: [{ path: '/usr/bin/redis-server', op: 'exec' as const, result: 0, pid: 1, source: 'ptrace' as const }] };
    const exec = { schemaVersion: 1, mode: 'ptrace' as const, warnings: ['seccomp unavailable'],
      execs: [{ pid: 40, path: '/usr/bin/redis-cli', argv: ['redis-cli', 'PING'] }],
      events: [{ path: '/usr/bin/redis-cli', op: 'exec' as const, result: 0, pid: 40, source: 'ptrace' as const }] };
    const merged = mergeReports(main, [exec]);
    expect(merged.mode).toBe('both');
    expect(merged.appExit).toEqual({ code: 0 });
    expect(merged.events.map((e) => e.path)).toEqual(['/usr/bin/redis-server', '/usr/bin/redis-cli']);
    expect(merged.execs).toEqual(exec.execs);
    expect(merged.warnings).toEqual(['probe command: seccomp unavailable']);
    expect(mergeReports(main, [])).toBe(main);
  });
});

describe('reportSequence', () => {
  it('reads the header seq, undefined for anything else', () => {
    expect(reportSequence(lines(header.replace('"final"', '"seq":4,"final"'), end('null')))).toBe(4);
    expect(reportSequence(lines(header))).toBeUndefined();
    expect(reportSequence('{"type":"hea')).toBeUndefined();
  });
});
