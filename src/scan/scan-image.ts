// Reads an image without `docker save`: the sensor's scan mode walks its filesystem in a container
// (never networked, never running the image's code) and reads the few whole files the planner needs.
import { readFile } from 'node:fs/promises';
import type { Disposer } from '../cleanup.js';
import { tarOneFile } from '../engine/archive-file.js';
import type { Engine } from '../engine/connect.js';
import { displayPath } from '../image/paths.js';
import { containerLogs, createContainer, inspectContainer, putArchive, removeContainer, startContainer } from '../engine/containers.js';
import { execLines } from '../engine/exec-stream.js';
import { inspectImageConfig } from '../engine/image-config.js';
import { ELF_CAP, ELF_MIN, type Captured } from '../pipeline/plan-inputs.js';
import { SENSOR_PLATFORMS, sensorArch, sensorBinaryPath } from '../pipeline/sensor-binary.js';
import { SENSOR_DIR, SENSOR_PATH } from '../trace/sensor-reports.js';
import type { ImageConfig, ImagePath, Manifest } from '../types.js';
import { scanCaptured, scanManifest, wholeFilesWanted } from './scan-captured.js';
import { ReadParser, ScanIncompleteError, ScanParser } from './scan-lines.js';
import { probeMountPoints, unmountArgs, volumePaths, withoutMountPoints } from './scan-volumes.js';

export interface ScannedImage {
  readonly imageId: string;
  readonly repoTags: readonly string[];
  readonly config: ImageConfig;
  readonly manifest: Manifest;
  readonly captured: ReadonlyMap<ImagePath, Captured>;
  /** With `keepContainer`: the scan container, still idling, for the copy-out. */
  readonly container?: RunningScan;
}

/** A scan container kept running (root, network none, the sensor at SENSOR_PATH). */
export interface RunningScan {
  readonly id: string;
  /** When its `--deadline` idle ends (ms since the epoch), if it has one. */
  readonly stopsAt?: number;
  /** Removes it (the disposer's handle: an interrupt removes it as well). */
  readonly release: () => Promise<void>;
}

export interface ScanImageOptions {
  readonly engine: Engine;
  /** Image id or name. */
  readonly image: string;
  readonly disposer: Disposer;
  /** Default: the sensor built for the image's platform. */
  readonly sensorPath?: string;
  /** --max-run-time: the idling scan container stops itself after this many seconds. */
  readonly maxRunTimeSec?: number;
  /** Told the bytes of the files listed so far, now and then (for progress). */
  readonly onListedBytes?: (total: number) => void;
  /** Leave the container running on success and return it (the caller releases it). */
  readonly keepContainer?: boolean;
}

const WANT_LIST = `${SENSOR_DIR}/want`;

/** Throws ScanIncompleteError when the scan cannot stand for the image (the caller reads it with `docker save`). */
export async function scanImage(opts: ScanImageOptions): Promise<ScannedImage> {
  const { engine, disposer } = opts;
  const inspected = await inspectImageConfig(engine, opts.image);
  const platform = `${inspected.config.os ?? 'linux'}/${inspected.config.architecture ?? 'amd64'}`;
  if (!sensorArch(platform)) throw new ScanIncompleteError(`the image is ${platform}; the sensor runs only in ${SENSOR_PLATFORMS.join(' and ')} images`);
  const sensor = await readFile(opts.sensorPath ?? sensorBinaryPath(platform));
  const volumes = volumePaths(inspected.config.config);
  const id = await createContainer(engine, {
    image: inspected.id, runId: disposer.runId, role: 'scan', user: '0:0', workdir: '/', network: 'none',
    // SYS_ADMIN only to detach the tmpfs over each VOLUME (scan-volumes.ts); nothing of the image runs.
    ...(volumes.length > 0 ? { tmpfs: volumes, capAdd: ['SYS_ADMIN'] } : {}),
    entrypoint: [SENSOR_PATH, 'scan', ...(opts.maxRunTimeSec ? ['--deadline', String(opts.maxRunTimeSec)] : []), '--idle'], cmd: [],
  });
  const release = disposer.add(`container ${id.slice(0, 12)}`, () => removeContainer(engine, id));
  let kept = false;
  try {
    const mountPoints = await probeMountPoints(engine, id, volumes);
    await putArchive(engine, id, tarOneFile(SENSOR_PATH.slice(1), sensor, 0o755), '/');
    // Taken before the start, so it is never later than the sensor's own timer.
    const stopsAt = opts.maxRunTimeSec ? Date.now() + opts.maxRunTimeSec * 1000 : undefined;
    await startContainer(engine, id);
    const parser = new ScanParser();
    let lines = 0;
    const walked = await execLines(engine, id, [SENSOR_PATH, 'scan', '--skip', SENSOR_DIR, ...unmountArgs(volumes), '--elf-cap', String(ELF_CAP), '--elf-min', String(ELF_MIN)], (line) => {
      parser.line(line);
      if (++lines % 512 === 0) opts.onListedBytes?.(parser.listedBytes);
    }).catch(async (error: unknown) => { throw (await stoppedAtStart(engine, id)) ?? error; });
    opts.onListedBytes?.(parser.listedBytes);
    const listing = withoutMountPoints(parser.finish(), mountPoints);
    if (walked.exitCode !== 0) throw new ScanIncompleteError(`the scan exited ${walked.exitCode}: ${walked.stderr.trim()}`);
    if (listing.hidden.length > 0) {
      const why = walked.stderr.trim();
      throw new ScanIncompleteError(`a mount hides the image's ${displayPath(listing.hidden[0]!)} (an image VOLUME)${why ? `: ${why}` : ''}`);
    }
    const wanted = wholeFilesWanted(listing);
    const list = Buffer.from(wanted.map((p) => `${p}\0`).join(''), 'latin1');
    await putArchive(engine, id, tarOneFile(WANT_LIST.slice(1), list), '/');
    const reader = new ReadParser();
    const read = await execLines(engine, id, [SENSOR_PATH, 'scan', '--read', WANT_LIST], (line) => reader.line(line));
    const whole = reader.finish();
    if (read.exitCode !== 0) throw new ScanIncompleteError(`the scan's file read exited ${read.exitCode}: ${read.stderr.trim()}`);
    const scanned = { imageId: inspected.id, repoTags: inspected.repoTags, config: inspected.config, manifest: scanManifest(listing), captured: scanCaptured(listing, whole) };
    if (!opts.keepContainer) return scanned;
    kept = true;
    return { ...scanned, container: { id, ...(stopsAt ? { stopsAt } : {}), release } };
  } finally {
    if (!kept) await release();
  }
}

/** The idle sensor died at once (e.g. `exec format error` on an engine of another architecture). */
async function stoppedAtStart(engine: Engine, id: string): Promise<ScanIncompleteError | undefined> {
  const state = await inspectContainer(engine, id).catch(() => undefined);
  if (!state || state.running) return undefined;
  const logs = (await containerLogs(engine, id, 5).catch(() => '')).trim();
  return new ScanIncompleteError(`the scan container stopped at start${logs ? `: ${logs}` : ''}`);
}
