// Parses the sensor's JSONL report (schema: src/sensor/README.md) into a TraceReport; pure, no I/O.
import { Buffer } from 'node:buffer';
import { ExitCode, MinifyError } from '../errors.js';
import type { ImagePath, TraceEvent, TraceExec, TraceOp, TraceReport } from '../types.js';

/** The report schema version this parser understands (the sensor's REPORT_SCHEMA). */
export const TRACE_SCHEMA_VERSION = 1;

const OPS: ReadonlySet<string> = new Set<TraceOp>([
  'open', 'exec', 'stat', 'access', 'readlink', 'chdir', 'mkdir', 'unlink', 'rename',
  'fanotify-open', 'fanotify-access', 'fanotify-exec',
]);
const MODES = new Set(['fanotify', 'ptrace', 'both']);
const HINT = 'rebuild the sensor (make sensor) so it matches this minify version';

type Line = Record<string, unknown>;

function fail(message: string, cause?: unknown): never {
  throw new MinifyError(`sensor report: ${message}`, { code: ExitCode.sensorFailed, hint: HINT, cause });
}

/** `path` (UTF-8 text) or `path_hex` (raw bytes) → latin1 byte string. */
function pathOf(line: Line, key: string, lineNo: number): ImagePath {
  const text = line[key];
  if (typeof text === 'string') return Buffer.from(text, 'utf8').toString('latin1');
  const hex = line[`${key}_hex`];
  if (typeof hex === 'string' && /^(?:[0-9a-fA-F]{2})*$/.test(hex)) return Buffer.from(hex, 'hex').toString('latin1');
  return fail(`line ${lineNo}: missing ${key}`);
}

function intOf(line: Line, key: string, lineNo: number): number {
  const value = line[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`line ${lineNo}: ${key} is not an integer`);
  return value;
}

function toEvent(line: Line, lineNo: number): TraceEvent | string {
  const op = line.op;
  if (typeof op !== 'string' || !OPS.has(op)) return `unknown op ${JSON.stringify(op)} on line ${lineNo} ignored`;
  const comm = typeof line.comm === 'string' && line.comm !== '' ? line.comm : undefined;
  return {
    path: pathOf(line, 'path', lineNo),
    op: op as TraceOp,
    result: intOf(line, 'result', lineNo),
    pid: intOf(line, 'pid', lineNo),
    ...(comm === undefined ? {} : { comm }),
    source: op.startsWith('fanotify-') ? 'fanotify' : 'ptrace',
  };
}

function toExec(line: Line, lineNo: number): TraceExec {
  const argv = Array.isArray(line.argv) ? line.argv.filter((a): a is string => typeof a === 'string') : [];
  return { pid: intOf(line, 'pid', lineNo), path: pathOf(line, 'path', lineNo), argv };
}

function toAppExit(value: unknown): TraceReport['appExit'] {
  if (value === null || typeof value !== 'object') return undefined;
  const { code, signal } = value as { code?: unknown; signal?: unknown };
  if (typeof code === 'number') return { code };
  if (typeof signal === 'string') return { signal };
  return undefined;
}

/** Splits into parsed lines; a last line cut off mid-write (no trailing newline) is dropped. */
function parseLines(jsonl: string, warnings: string[]): { line: Line; lineNo: number }[] {
  const raw = jsonl.split('\n');
  let lastIndex = raw.length - 1;
  while (lastIndex > 0 && raw[lastIndex]?.trim() === '') lastIndex--;
  const out: { line: Line; lineNo: number }[] = [];
  raw.forEach((text, index) => {
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      if (index === lastIndex && !jsonl.endsWith('\n')) {
        warnings.push('sensor report was truncated; its last line was dropped');
        return;
      }
      fail(`line ${index + 1} is not JSON`, error);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail(`line ${index + 1} is not an object`);
    out.push({ line: parsed as Line, lineNo: index + 1 });
  });
  return out;
}

/** The report file's bytes as text: JSON is UTF-8 (non-UTF-8 paths travel as path_hex). */
export function decodeReport(bytes: Buffer): string {
  return bytes.toString('utf8');
}

/** Parses a sensor report; throws MinifyError(sensorFailed) on an unknown schema or malformed lines. */
export function parseTraceReport(jsonl: string): TraceReport {
  const warnings: string[] = [];
  const lines = parseLines(jsonl, warnings);
  const header = lines[0]?.line;
  if (!header || header.type !== 'header') return fail('missing header line (is this a minify sensor report?)');
  if (header.schema !== TRACE_SCHEMA_VERSION) {
    return fail(`unsupported schema version ${JSON.stringify(header.schema)} (this minify reads ${TRACE_SCHEMA_VERSION})`);
  }
  const mode = header.mode;
  if (typeof mode !== 'string' || !MODES.has(mode)) return fail(`unknown mode ${JSON.stringify(mode)}`);

  const events: TraceEvent[] = [];
  const execs: TraceExec[] = [];
  let appExit: TraceReport['appExit'];
  let ended = false;
  for (const { line, lineNo } of lines.slice(1)) {
    switch (line.type) {
      case 'event': {
        const event = toEvent(line, lineNo);
        if (typeof event === 'string') warnings.push(event);
        else events.push(event);
        break;
      }
      case 'exec':
        execs.push(toExec(line, lineNo));
        break;
      case 'warning':
        if (typeof line.message === 'string') warnings.push(line.message);
        break;
      case 'end':
        ended = true;
        appExit = toAppExit(line.app_exit);
        break;
      default:
        break; // newer line types of the same schema are ignored on purpose
    }
  }
  if (!ended && !warnings.some((w) => w.includes('truncated'))) warnings.push('sensor report has no end line (truncated?)');
  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    mode: mode as TraceReport['mode'],
    events,
    execs,
    ...(appExit === undefined ? {} : { appExit }),
    warnings,
  };
}

/** The header's `seq` (1, 2, … per report a sensor run writes), to tell a fresh snapshot from the last one. */
export function reportSequence(jsonl: string): number | undefined {
  const first = jsonl.slice(0, jsonl.indexOf('\n') === -1 ? undefined : jsonl.indexOf('\n'));
  try {
    const header = JSON.parse(first) as { type?: unknown; seq?: unknown };
    return header.type === 'header' && typeof header.seq === 'number' ? header.seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The app's report plus those of the sensors that traced probe commands run inside the container
 * (`docker exec` processes are not the app's children, so the main sensor's ptrace never sees them).
 */
export function mergeReports(main: TraceReport, extra: readonly TraceReport[]): TraceReport {
  if (extra.length === 0) return main;
  return {
    ...main,
    events: [...main.events, ...extra.flatMap((report) => report.events)],
    execs: [...main.execs, ...extra.flatMap((report) => report.execs)],
    warnings: [...main.warnings, ...extra.flatMap((report) => report.warnings.map((warning) => `probe command: ${warning}`))],
  };
}
