// `minify run` end to end: trace the source image under probes, plan, assemble the slim (and debug)
// image, load it, verify it with the same probes, and report. Every side effect is registered with
// the caller's disposer so nothing is left behind on any exit path.
import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { assembleImage, type AssembledImage, type LayerSelection } from '../assemble/assemble-image.js';
import { writeDockerArchive, type ArchiveLayout } from '../image/write-archive.js';
import type { DisposeHandle, Disposer } from '../cleanup.js';
import { connectEngine, type Engine } from '../engine/connect.js';
import { inspectImage, loadImage as loadArchiveIntoEngine, removeImage } from '../engine/images.js';
import { ExitCode, MinifyError, UsageError } from '../errors.js';
import { derivedTag, formatImageRef, parseImageRef } from '../image/ref.js';
import type { ImageRef } from '../types.js';
import { planSlim } from '../plan/plan.js';
import type { PhaseHandle, Progress } from '../progress.js';
import { buildRunReport, type RunReport } from '../report/run-report.js';
import type { Manifest, PlanRules, ProbeResult, SlimPlan, TraceReport } from '../types.js';
import { isNeverKept } from '../plan/allowlist.js';
import { displayPath } from '../image/paths.js';
import { debugLayerSelection } from './debug-layer.js';
import { loadImage } from './load-image.js';
import { capturePlanInput, splitCaptured, type Captured } from './plan-inputs.js';
import { assertTraceablePlatform, sensorBinaryPath } from './sensor-binary.js';
import { loadProbes, traceImage, verifyImage } from './drive-target.js';
import { removeLabelled } from '../engine/containers.js';
import { formatBytes } from '../cli/format.js';
import { createRequire } from 'node:module';

const { version: MINIFY_VERSION } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface RunOptions {
  readonly image: string;
  readonly probeFiles: readonly string[];
  readonly probeExecs: readonly string[];
  readonly tag?: string;
  readonly debug: boolean;
  readonly rules: PlanRules;
  readonly sensorMode: 'both' | 'fanotify' | 'ptrace';
  readonly readyTimeoutMs: number;
  readonly probeTimeoutMs: number;
  readonly verify: boolean;
  readonly keepFailed: boolean;
  readonly maxSizeBytes?: number;
  readonly outputTar?: string;
  /** Layout of --output: classic docker-archive, or OCI image layout (which docker load also reads). */
  readonly outputLayout: ArchiveLayout;
}

export interface RunContext {
  readonly disposer: Disposer;
  readonly signal: AbortSignal;
  readonly progress: Progress;
}

export interface RunOutcome {
  readonly report: RunReport;
  readonly exitCode: number;
  /** One line each: why the run did not succeed (verification, gates). */
  readonly failures: readonly string[];
}

export async function runMinify(options: RunOptions, context: RunContext): Promise<RunOutcome> {
  const { disposer, signal, progress } = context;
  const customTag = options.tag === undefined ? undefined : parseImageRef(options.tag);
  if (options.outputTar) await assertWritableDir(options.outputTar);
  const probes = await loadProbes(options.probeFiles, options.probeExecs);
  const engine = await connectEngine();
  const source = await inspectImage(engine, options.image);
  assertTraceablePlatform(options.image, source.platform);
  const { name: sourceName, ref: sourceRef } = nameSource(options.image, source);
  const namedAfter = customTag ?? sourceRef;
  if (!namedAfter) {
    throw new UsageError(`image ${options.image} is an id with no tag to name the slim image after`, 'name it with --tag, e.g. --tag myapp:slim');
  }
  const slimTag = options.tag ?? derivedTag(namedAfter, 'slim');
  const debugTag = derivedTag(namedAfter, 'debug');
  await guardTargets(engine, source, [slimTag, ...(options.debug ? [debugTag] : [])]);

  const runId = randomUUID().slice(0, 12);
  // Belt and braces: whatever this run labelled goes, even if a handle was lost on the way.
  disposer.add(`containers of run ${runId}`, async () => {
    await removeLabelled(engine, runId);
  });
  const workDir = await mkdtemp(join(tmpdir(), 'minify-run-'));
  disposer.add(`temp dir ${workDir}`, () => rm(workDir, { recursive: true, force: true }));

  // Reading the image and tracing it are independent: one waits on disk, the other on the app.
  const [loaded, traced] = await Promise.all([
    timed(progress, 'read image', (phase) =>
      loadImage(engine, source.id, disposer, {
        inspect: capturePlanInput,
        onSavedBytes: (total) => phase.update(`${formatBytes(total)} saved`),
        onLayer: (listed, total) => phase.update(`layer ${listed}/${total} listed`),
      }),
    ),
    timed(progress, 'trace', () =>
      traceImage({
        engine, imageId: source.id, imageName: options.image, runId, disposer, signal, progress, probes,
        sensorPath: sensorBinaryPath(), sensorMode: options.sensorMode,
        readyTimeoutMs: options.readyTimeoutMs, probeTimeoutMs: options.probeTimeoutMs,
      }),
    ),
  ]);
  const { elf, textFiles } = splitCaptured(loaded.inspected as ReadonlyMap<string, Captured>);

  const plan = await timed(progress, 'plan', async () =>
    planSlim({ manifest: loaded.manifest, trace: traced.report, rules: options.rules, config: loaded.archive.config.config, elf, textFiles }),
  );

  const layers: LayerSelection[] = [
    {
      keep: new Set(plan.keep.keys()),
      synthetic: plan.synthetic ?? [],
      createdBy: `minify ${MINIFY_VERSION}: ${plan.keep.size} paths used by ${sourceName}`,
    },
  ];
  // Registered before loading: an interrupted load must not leave the tag behind.
  const releaseSlimTag = disposer.add(`slim image ${slimTag}`, () => removeImage(engine, slimTag));
  const slim = await assembleAndLoad(engine, progress, { loaded, layers, sourceRef: sourceName, tag: slimTag, workDir, name: 'slim' });
  if (options.outputTar) await exportArchive(slim.assembled, { target: options.outputTar, layout: options.outputLayout, repoTags: [slimTag] }, disposer);

  let debug: { id: string; bytes: number } | undefined;
  let releaseDebugTag: DisposeHandle | undefined;
  if (options.debug) {
    const debugLayer = debugLayerSelection({ plan, manifest: loaded.manifest, config: loaded.archive.config.config, elf, textFiles });
    releaseDebugTag = disposer.add(`debug image ${debugTag}`, () => removeImage(engine, debugTag));
    debug = await assembleAndLoad(engine, progress, {
      loaded, layers: [...layers, debugLayer], sourceRef: sourceName, tag: debugTag, workDir, name: 'debug',
    });
  }

  let verifyResults: ProbeResult[] | undefined;
  const failures: string[] = [];
  if (options.verify) {
    verifyResults = await timed(progress, 'verify', () =>
      verifyImage({
        engine, imageId: slim.id, imageName: slimTag, runId, disposer, signal, progress, probes,
        readyTimeoutMs: options.readyTimeoutMs, probeTimeoutMs: options.probeTimeoutMs,
      }),
    );
    for (const failed of verifyResults.filter((result) => !result.ok)) {
      failures.push(`verify failed: probe ${failed.name} failed against ${slimTag}: ${failed.error ?? 'failed'}`);
    }
  }
  const verified = !options.verify ? 'skipped' : failures.length === 0 ? 'passed' : 'failed';
  if (verified === 'failed') failures.push(...explainVerifyFailure(plan, loaded.manifest, traced.report));

  let exitCode: number = verified === 'failed' ? ExitCode.verifyFailed : ExitCode.ok;
  if (options.maxSizeBytes !== undefined && slim.bytes > options.maxSizeBytes) {
    failures.push(`gate failed: slim image ${formatBytes(slim.bytes)} exceeds --max-size ${formatBytes(options.maxSizeBytes)}`);
    if (exitCode === ExitCode.ok) exitCode = ExitCode.gateExceeded;
  }
  const keepSlim = verified !== 'failed' || options.keepFailed;
  // The slim tag is the result: it outlives the run unless verification rejected it.
  if (keepSlim) {
    releaseSlimTag.forget();
    releaseDebugTag?.forget();
  } else {
    await releaseSlimTag();
    await releaseDebugTag?.();
    failures.push(`removed ${slimTag}${debug ? ` and ${debugTag}` : ''} (use --keep-failed to keep a slim image that failed verification)`);
  }

  const report = buildRunReport({
    source: { ref: sourceName, id: source.id, bytes: source.size },
    slim: { ref: slimTag, id: slim.id, bytes: slim.bytes, kept: keepSlim },
    debug: debug && { ref: debugTag, id: debug.id, bytes: debug.bytes },
    manifest: loaded.manifest,
    plan,
    trace: traced.report,
    probes: { trace: traced.probeResults, verify: verifyResults },
    verified,
    timings: progress.timings,
  });
  return { report, exitCode, failures };
}

/** Where to look when the slim image fails: traced files it lacks first, then paths never found. */
function explainVerifyFailure(plan: SlimPlan, manifest: Manifest, trace: TraceReport): string[] {
  const dropped = [...new Set(trace.events.map((event) => event.path))]
    .filter((path) => manifest.entries.has(path) && !plan.keep.has(path) && !isNeverKept(path))
    .sort();
  const lines: string[] = [];
  if (dropped.length > 0) {
    lines.push(`traced files left out of the slim image (--exclude or never-kept), first 10: ${dropped.slice(0, 10).map(displayPath).join(' ')}`);
  }
  if (plan.missing.length > 0) {
    lines.push(`paths the app looked for that the source image lacks too, first 10: ${plan.missing.slice(0, 10).map(displayPath).join(' ')}`);
  }
  return lines;
}

/**
 * How the run names the source: as typed, or, when the user typed an image id, by the image's first
 * tag. `ref` is undefined for an untagged id: no slim tag can be derived from it.
 */
function nameSource(typed: string, source: { readonly id: string; readonly repoTags: readonly string[] }): { name: string; ref?: ImageRef } {
  const isId = /^(?:sha256:)?[0-9a-f]{12,64}$/.test(typed) && source.id.startsWith(typed.startsWith('sha256:') ? typed : `sha256:${typed}`);
  if (!isId) {
    const ref = parseImageRef(typed);
    return { name: formatImageRef(ref), ref };
  }
  const tag = source.repoTags[0];
  return tag ? { name: tag, ref: parseImageRef(tag) } : { name: typed };
}

/** Fails before any work when --output could not be written at the end. */
async function assertWritableDir(target: string): Promise<void> {
  const dir = dirname(resolve(target));
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--output ${target}: directory ${dir} does not exist or is not writable`, 'choose a path in a writable directory');
  }
}

/** --output: the slim image as a tar, landing under its name only once it is complete. */
async function exportArchive(
  assembled: AssembledImage,
  output: { readonly target: string; readonly layout: ArchiveLayout; readonly repoTags: readonly string[] },
  disposer: Disposer,
): Promise<void> {
  const partial = `${output.target}.partial-${process.pid}`;
  const dropPartial = disposer.add(`partial ${partial}`, () => rm(partial, { force: true }));
  try {
    if (output.layout === 'docker') await copyFile(assembled.archivePath, partial);
    else {
      await writeDockerArchive({
        config: assembled.config, layers: assembled.layers, repoTags: output.repoTags, out: createWriteStream(partial), layout: output.layout,
      });
    }
  } catch (error) {
    throw new MinifyError(`cannot write --output ${output.target}: ${(error as Error).message}`, {
      code: ExitCode.usage, hint: 'choose a path in a writable directory', cause: error,
    });
  }
  await rename(partial, output.target);
  dropPartial.forget();
}

/**
 * The source's tags must never move. The engine decides what a name means (`app:1`,
 * `library/app:1` and `docker.io/library/app:1` are one tag), so ask it what each target names now.
 */
async function guardTargets(engine: Engine, source: { readonly id: string }, targets: readonly string[]): Promise<void> {
  for (const target of targets) {
    const current = await inspectImage(engine, target).catch(() => undefined);
    if (current?.id === source.id) {
      throw new UsageError(`target tag ${target} names the source image itself; minify never retags the source`, 'choose another name with --tag');
    }
  }
}

async function timed<T>(progress: Progress, name: string, work: (phase: PhaseHandle) => Promise<T>): Promise<T> {
  const phase = progress.phase(name);
  const result = await work(phase);
  phase.end();
  return result;
}

interface AssembleAndLoadOptions {
  readonly loaded: Awaited<ReturnType<typeof loadImage>>;
  readonly layers: readonly LayerSelection[];
  readonly sourceRef: string;
  readonly tag: string;
  readonly workDir: string;
  readonly name: string;
}

async function assembleAndLoad(
  engine: Engine,
  progress: Progress,
  options: AssembleAndLoadOptions,
): Promise<{ id: string; bytes: number; assembled: AssembledImage }> {
  const suffix = options.name === 'slim' ? '' : ` ${options.name}`;
  const assembled = await timed(progress, `assemble${suffix}`, () =>
    assembleImage({
      archive: options.loaded.archive,
      manifest: options.loaded.manifest,
      layers: options.layers,
      sourceRef: options.sourceRef,
      repoTags: [options.tag],
      minifyVersion: MINIFY_VERSION,
      workDir: options.workDir,
      name: options.name,
    }),
  );
  return timed(progress, `load${suffix}`, async () => {
    await loadArchiveIntoEngine(engine, assembled.archivePath);
    const loaded = await inspectImage(engine, options.tag);
    return { id: loaded.id, bytes: loaded.size, assembled };
  });
}
