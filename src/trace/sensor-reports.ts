// The sensor reports of one traced container: the app's (one per start, since a restart starts a new
// sensor) and those of the probe commands run inside it under their own sensor, read back and merged.
import { readOneFile } from '../engine/archive-file.js';
import type { Engine } from '../engine/connect.js';
import { getArchive, killContainer } from '../engine/containers.js';
import { ExitCode, MinifyError } from '../errors.js';
import type { TraceReport } from '../types.js';
import { decodeReport, mergeReports, parseTraceReport, reportSequence } from './parse.js';

export const SENSOR_DIR = '/.minify';
export const SENSOR_PATH = `${SENSOR_DIR}/minify-sensor`;
const REPORT = `${SENSOR_DIR}/report.jsonl`;

/** The container's entrypoint: the sensor around the app's command, as root, dropping to `user` for the app. */
export function sensorEntrypoint(mode: string, user: string, command: readonly string[], deadlineSec?: number): string[] {
  const deadline = deadlineSec === undefined ? [] : ['--deadline', String(deadlineSec)];
  return [SENSOR_PATH, '--mode', mode, '--report', REPORT, '--user', user, ...deadline, '--', ...command];
}

export interface SensorReports {
  /** Rewrites a probe's in-container command so a second sensor (ptrace) traces it. */
  wrapExec(argv: readonly string[]): { argv: string[]; user: string };
  /** Everything seen so far, without stopping the app (SIGUSR1 snapshot). */
  snapshot(): Promise<TraceReport>;
  /** Once the app has exited: the final report it left, merged, without signalling anyone. */
  current(): Promise<TraceReport | undefined>;
  /** After the app stopped for a restart: keeps this start's final report before the next start overwrites it. */
  keepFinal(): Promise<void>;
  /** After the app stopped for good: every start's report and every probe command's, merged. */
  collectFinal(lastLogsNote: () => Promise<string>): Promise<TraceReport>;
}

export function sensorReports(engine: Engine, containerId: string, user: string): SensorReports {
  const execReports: string[] = [];
  const earlierStarts: TraceReport[] = [];
  /** The last start's final report, still in the file until the restarted sensor writes its first. */
  let stale: string | undefined;
  const readReport = async (path = REPORT): Promise<string | undefined> => {
    const tar = await getArchive(engine, containerId, path);
    const bytes = tar ? await readOneFile(tar) : undefined;
    return bytes ? decodeReport(bytes) : undefined;
  };
  const execTraces = async (): Promise<TraceReport[]> => {
    const reports: TraceReport[] = [];
    for (const path of execReports) {
      const text = await readReport(path);
      reports.push(text
        ? parseTraceReport(text)
        : { schemaVersion: 1, mode: 'ptrace', events: [], execs: [], warnings: [`no report at ${path}: that command was not traced`] });
    }
    return reports;
  };
  const merged = async (current: TraceReport | undefined): Promise<TraceReport> => {
    const [first, ...rest] = [...earlierStarts, ...(current ? [current] : [])];
    if (!first) throw new Error('merging sensor reports with none to merge');
    return mergeReports(first, [...rest, ...(await execTraces())]);
  };
  return {
    wrapExec(argv) {
      const report = `${SENSOR_DIR}/exec-${execReports.length + 1}.jsonl`;
      execReports.push(report);
      // As root, so the sensor can write its report; it drops to the image's user as `docker exec` would.
      return { argv: [SENSOR_PATH, '--mode', 'ptrace', '--report', report, '--user', user, '--', ...argv], user: '0' };
    },
    async snapshot() {
      const current = await readReport();
      const before = current === undefined || current === stale ? 0 : reportSequence(current) ?? 0;
      await killContainer(engine, containerId, 'SIGUSR1');
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const text = await readReport();
        if (text && text !== stale && (reportSequence(text) ?? 0) > before) return merged(parseTraceReport(text));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new MinifyError('the sensor wrote no snapshot within 10 s of SIGUSR1', {
        code: ExitCode.sensorFailed,
        hint: 'run with --sensor-mode ptrace or fanotify to narrow it down, and report the bug',
      });
    },
    async current() {
      const text = await readReport();
      return text && text !== stale ? merged(parseTraceReport(text)) : undefined;
    },
    async keepFinal() {
      const text = await readReport();
      if (text) earlierStarts.push(parseTraceReport(text));
      stale = text;
    },
    async collectFinal(lastLogsNote) {
      const text = await readReport();
      if (!text) {
        throw new MinifyError(`the sensor left no report in the container${await lastLogsNote()}`, {
          code: ExitCode.sensorFailed,
          hint: 'the sensor needs SYS_ADMIN and/or SYS_PTRACE; check the engine allows --cap-add',
        });
      }
      // The same text as before the restart: the restarted sensor never wrote one of its own.
      return merged(text === stale ? undefined : parseTraceReport(text));
    },
  };
}
