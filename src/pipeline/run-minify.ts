// `minify run` end to end: trace the source image under probes, plan, assemble the slim (and debug)
// image, load it, verify it with the same probes, and report. Every side effect is registered with
// the caller's disposer so nothing is left behind on any exit path.
import type { DisposeHandle, Disposer } from '../cleanup.js';
import { connectEngine } from '../engine/connect.js';
import { removeLabelled } from '../engine/containers.js';
import { inspectImage } from '../engine/images.js';
import { ExitCode, UsageError } from '../errors.js';
import { derivedTag, parseImageRef } from '../image/ref.js';
import type { ArchiveLayout } from '../image/write-archive.js';
import { timed, type Progress } from '../progress.js';
import { makeTempDir } from '../temp-dir.js';
import { buildRunReport, type PushedTag, type RunReport } from '../report/run-report.js';
import { volumePaths } from '../scan/scan-volumes.js';
import type { PlanRules, SlimPlan } from '../types.js';
import type { ContainerRunOptions } from '../trace/container-options.js';
import { assembleAndLoad, type BuiltImage } from './assemble-and-load.js';
import { withBakedConfig } from './bake-config.js';
import { debugLayerSelection } from './debug-layer.js';
import type { ProbeSettings } from '../probes/index.js';
import { traceImage } from './drive-target.js';
import { rootsFromReports } from './include-from.js';
import { readSource, type ReadImageMode } from './read-source.js';
import { DEFAULT_TARGET_SETTINGS, holdTargets, type TargetSettings } from './hold-targets.js';
import { containerContent } from './container-content.js';
import { claimTag, nameSource } from './naming.js';
import { exportArchive } from './output-archive.js';
import { assertWritableDir } from './output-target.js';
import { planImage, readImageFacts } from './plan-stage.js';
import { assertSbomTarget, writeSbomFile } from './output-sbom.js';
import { pushRun } from './push-results.js';
import { refine, type RefineOutcome } from './refine.js';
import { checkRunGates } from './run-gates.js';
import { assertTraceablePlatform, sensorBinaryPath } from './sensor-binary.js';
import { slimLayer } from './slim-layer.js';
import { slimPackages, slimSbom } from './slim-packages.js';
import { explainVerifyFailure } from './verify-failure.js';
import { verifyImage } from './verify-target.js';
import { workloadOf } from './workload.js';

export interface RunOptions {
  readonly image: string;
  /** docker-run options for the app in trace and verify; `bake` puts cmd/entrypoint/env into the slim config. */
  readonly container?: ContainerRunOptions;
  readonly probeFiles: readonly string[];
  readonly probeExecs: readonly string[];
  /** --http-probe and the default probes' limits. */
  readonly probeSettings?: ProbeSettings;
  /** Held out from the trace: run only against the slim image, after the trace probes. */
  readonly verifyProbeFiles: readonly string[];
  readonly verifyProbeExecs: readonly string[];
  /** How long a service must keep running after its last probe (source and slim). */
  readonly graceMs: number;
  /** Repair rounds after a failed verification (0: only report the misses). */
  readonly repairRounds: number;
  /** Verify the slim image under the ptrace sensor (finds misses); false runs it bare. */
  readonly verifySensor: boolean;
  /** Reports of earlier runs whose kept paths this run keeps too. */
  readonly includeFrom: readonly string[];
  /** --force and --wait-lock: how the run treats result tags someone else holds or made. */
  readonly targetSettings?: TargetSettings;
  readonly tag?: string;
  readonly debug: boolean;
  readonly rules: PlanRules;
  readonly sensorMode: 'both' | 'fanotify' | 'ptrace';
  readonly readyTimeoutMs: number;
  readonly probeTimeoutMs: number;
  /** Set when the image runs a job to completion instead of a service: how long it may take. */
  readonly jobTimeoutMs?: number;
  readonly verify: boolean;
  readonly keepFailed: boolean;
  readonly maxSizeBytes?: number;
  readonly outputTar?: string;
  /** Layout of --output: classic docker-archive, or OCI image layout (which docker load also reads). */
  readonly outputLayout: ArchiveLayout;
  /** --read-image: how the source is read (default scan: in a container, no `docker save`). */
  readonly readImage?: ReadImageMode;
  /** --sbom: where the CycloneDX SBOM of a kept slim image goes (created exclusively). */
  readonly sbomFile?: string;
  /** --push: push the result tags of a successful run to their registry. */
  readonly push?: boolean;
  /** --max-run-time: trace and verify containers stop themselves after this many seconds. */
  readonly maxRunTimeSec?: number;
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
  if (options.sbomFile) await assertSbomTarget(options.sbomFile);
  const workload = await workloadOf(options);
  const includedRoots = await rootsFromReports(options.includeFrom);
  const engine = await connectEngine({ run: { signal, disposer } });
  const source = await inspectImage(engine, options.image);
  assertTraceablePlatform(options.image, source.platform);
  const { name: sourceName, ref: sourceRef } = nameSource(options.image, source);
  const namedAfter = customTag ?? sourceRef;
  if (!namedAfter) {
    throw new UsageError(`image ${options.image} is an id with no tag to name the slim image after`, 'name it with --tag, e.g. --tag myapp:slim');
  }
  const slimTag = options.tag ?? derivedTag(namedAfter, 'slim');
  const debugTag = derivedTag(namedAfter, 'debug');
  await holdTargets(engine, disposer, {
    source, targets: [slimTag, ...(options.debug ? [debugTag] : [])], ...DEFAULT_TARGET_SETTINGS, ...options.targetSettings, signal, progress,
  });

  const runId = disposer.runId;
  // Belt and braces: whatever this run labelled goes, even if a handle was lost on the way.
  disposer.add(`containers of run ${runId}`, async () => {
    await removeLabelled(engine, runId);
  });
  const workDir = await makeTempDir(disposer, 'run');
  const lifetime = options.maxRunTimeSec === undefined ? {} : { lifetime: { binaryPath: sensorBinaryPath(source.platform), maxRunTimeSec: options.maxRunTimeSec } };

  // Reading the image and tracing it are independent: one waits on disk, the other on the app.
  const [{ loaded, via, facts, scanContainer }, traced] = await Promise.all([
    timed(progress, 'read image', (phase) =>
      readSource({
        engine, imageId: source.id, disposer, mode: options.readImage ?? 'scan', sensorPath: sensorBinaryPath(source.platform), progress, phase, signal, sourceBytes: source.size,
        ...(options.maxRunTimeSec ? { maxRunTimeSec: options.maxRunTimeSec } : {}),
      })
        .then((read) => {
          const loaded = withBakedConfig(read.loaded, options.container);
          // Made while the trace still runs: none of it depends on what the app touched.
          const facts = readImageFacts({ manifest: loaded.manifest, config: loaded.archive.config.config, captured: loaded.inspected });
          return { ...read, loaded, facts };
        }),
    ),
    timed(progress, 'trace', () =>
      traceImage({
        engine, imageId: source.id, imageName: options.image, runId, disposer, signal, progress, workload, ...lifetime,
        sensorPath: sensorBinaryPath(source.platform), sensorMode: options.sensorMode,
      }),
    ),
  ]);
  const { plan: firstPlan, planInput, tracedOnly, componentIndex, elf, textFiles, rawFiles } = await timed(progress, 'plan', async () =>
    planImage({
      manifest: loaded.manifest, config: loaded.archive.config.config, captured: loaded.inspected, trace: traced.report, rules: options.rules,
      extraRoots: includedRoots, facts,
    }),
  );
  const packagesOf = (plan: SlimPlan) => slimPackages({ manifest: loaded.manifest, plan, rawFiles, index: componentIndex });

  // Claimed before loading: an interrupted load must not leave the tag behind.
  const slimClaim = await claimTag(engine, disposer, slimTag, source.id);
  // A scanned source has no layer tars: its kept bytes come from a container too, first the scan's own.
  const content = via === 'scan'
    ? { content: containerContent(engine, source.id, {
      disposer, signal, sensorPath: sensorBinaryPath(source.platform), volumes: volumePaths(loaded.archive.config.config),
      ...(scanContainer ? { running: scanContainer } : {}),
    }) }
    : {};
  const build = (plan: SlimPlan, round: number) => assembleAndLoad(engine, progress, {
    ...content, loaded, layers: [slimLayer(plan, packagesOf(plan), sourceName)], sourceRef: sourceName, tag: slimTag, workDir, name: 'slim',
    ...(round > 0 ? { label: ` (repair ${round})` } : {}),
  });
  let refined: RefineOutcome | undefined;
  let slim: BuiltImage;
  if (options.verify) {
    refined = await refine({
      planInput, plan: firstPlan, build, sourceExchanges: traced.exchanges, maxRounds: options.repairRounds,
      verify: (image, round) => timed(progress, round === 0 ? 'verify' : `verify (repair ${round})`, () => verifyImage({
        engine, imageId: image.id, imageName: slimTag, runId, disposer, signal, progress, workload, ...lifetime,
        ...(options.verifySensor ? { sensorPath: sensorBinaryPath(source.platform) } : {}),
      })),
    });
    slim = refined.image;
  } else {
    slim = await build(firstPlan, 0);
  }
  const plan = refined?.plan ?? firstPlan;
  const packageStage = packagesOf(plan);

  let debug: { id: string; bytes: number } | undefined;
  let releaseDebugTag: DisposeHandle | undefined;
  if (options.debug) {
    const debugLayer = debugLayerSelection({ plan, manifest: loaded.manifest, config: loaded.archive.config.config, elf, textFiles });
    releaseDebugTag = (await claimTag(engine, disposer, debugTag, source.id)).release;
    debug = await assembleAndLoad(engine, progress, {
      ...content, loaded, layers: [slimLayer(plan, packageStage, sourceName), debugLayer], sourceRef: sourceName, tag: debugTag, workDir, name: 'debug',
    });
  }

  const verified = !refined ? 'skipped' : refined.passed ? 'passed' : 'failed';
  const failures = refined && !refined.passed ? explainVerifyFailure(refined, slimTag, loaded.manifest, traced.report) : [];

  let exitCode: number = verified === 'failed' ? ExitCode.verifyFailed : ExitCode.ok;
  const { gates, failures: gateFailures } = checkRunGates(slim.bytes, options.maxSizeBytes);
  failures.push(...gateFailures);
  if (gateFailures.length > 0 && exitCode === ExitCode.ok) exitCode = ExitCode.gateExceeded;
  const keepSlim = verified !== 'failed' || options.keepFailed;
  // The slim tag is the result: it outlives the run unless verification rejected it.
  if (keepSlim) {
    // --output only for a slim image that is kept: a rejected one leaves no file behind either.
    if (options.outputTar) await exportArchive(slim.assembled, { target: options.outputTar, layout: options.outputLayout, repoTags: [slimTag] }, disposer);
    if (options.sbomFile) await writeSbomFile(options.sbomFile, await slimSbom(packageStage, { ref: slimTag, id: slim.id }), disposer);
    slimClaim.release.forget();
    releaseDebugTag?.forget();
  } else {
    await slimClaim.release();
    await releaseDebugTag?.();
    const restored = slimClaim.previousId ? '; the tag names the previous slim image again' : '';
    failures.push(`removed ${slimTag}${debug ? ` and ${debugTag}` : ''}${restored} (use --keep-failed to keep a slim image that failed verification)`);
  }

  let pushed: PushedTag[] | undefined;
  if (options.push) {
    const outcome = await pushRun(engine, progress, { verified, exitCode, targets: [{ name: 'slim', ref: slimTag }, ...(debug ? [{ name: 'debug' as const, ref: debugTag }] : [])] });
    ({ results: pushed, exitCode } = outcome);
    if (outcome.failure) failures.push(outcome.failure);
  }

  const report = buildRunReport({
    engine: engine.host,
    source: { ref: sourceName, id: source.id, bytes: source.size },
    slim: { ref: slimTag, id: slim.id, bytes: slim.bytes, kept: keepSlim },
    debug: debug && { ref: debugTag, id: debug.id, bytes: debug.bytes },
    manifest: loaded.manifest,
    plan,
    closure: options.rules.closure,
    ...(tracedOnly ? { tracedOnlyKeep: tracedOnly.keep } : {}),
    trace: traced.report,
    probes: { trace: traced.probeResults, verify: refined?.results },
    verified,
    ...(refined ? { verification: { misses: refined.misses, repairs: refined.repairs, behaviour: refined.behaviour } } : {}),
    timings: progress.timings,
    packages: { source: packageStage.packages.source, kept: packageStage.packages.kept.map(({ component }) => component.id) },
    ...(pushed ? { pushed } : {}),
    gates,
  });
  return { report, exitCode, failures };
}
