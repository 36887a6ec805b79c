// Scanners see the slim image's real packages: after `minify run --sbom`, the host's dpkg-query reads the
// slim rootfs's package DB and finds exactly the kept dpkg packages, each stanza as the source had it,
// and the SBOM validates against CycloneDX 1.5 and names the same packages.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStatusStanzas } from '../../src/assemble/package-db.js';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/report/run-report.js';
import { docker } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

const IMAGE = 'minify-fixture/redis:1.0';
const SLIM = `${IMAGE}-pkgdb`;
const sandbox = useSandbox({ tags: [SLIM, `${SLIM}-rejected`] });

interface CycloneDx {
  specVersion: string;
  metadata: { component: { type: string; name: string; 'bom-ref': string } };
  components: Array<{ 'bom-ref': string; name: string; version?: string; purl?: string }>;
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
}

let report: RunReport;
let sbomText: string;
let rootfs: string;
let sourceStatus: Buffer;

/** `name` per installed package of the DB under `admindir`, as dpkg itself reads it. */
function dpkgQuery(admindir: string): string[] {
  const out = execFileSync('dpkg-query', ['--admindir', admindir, '-W', '-f', '${Package}\t${db:Status-Abbrev}\n'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return out.split('\n').filter(Boolean).filter((line) => line.split('\t')[1]?.startsWith('ii')).map((line) => line.split('\t')[0]!).sort();
}

/** The kept dpkg packages by name: the run's package list (the planner's live components and every package the slim image holds a file of). */
function keptDpkgNames(): string[] {
  const fromPackages = (report.packages?.kept ?? []).filter((id) => id.startsWith('dpkg:')).map((id) => id.slice('dpkg:'.length).split(':')[0]!);
  return [...new Set(fromPackages)].sort();
}

beforeAll(async () => {
  const reportPath = join(sandbox.tmp, 'report.json');
  const sbomPath = join(sandbox.tmp, 'slim.cdx.json');
  const result = await sandbox.spawn(['run', IMAGE, '--probe', 'probes/redis.ts', '--closure', 'component', '--tag', SLIM, '--report', reportPath, '--sbom', sbomPath, '--quiet']);
  if (result.code !== 0) throw new Error(`minify run exited ${result.code}: ${result.stderr}`);
  report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
  sbomText = await readFile(sbomPath, 'utf8');

  // The slim image's rootfs as the engine holds it: docker create + export.
  rootfs = join(sandbox.tmp, 'rootfs');
  await mkdir(rootfs);
  const container = docker(['create', SLIM]);
  try {
    const tar = join(sandbox.tmp, 'rootfs.tar');
    docker(['export', '-o', tar, container]);
    execFileSync('tar', ['-xf', tar, '-C', rootfs]);
  } finally {
    docker(['rm', '-f', '-v', container]);
  }
  sourceStatus = execFileSync('/usr/bin/docker', ['run', '--rm', '--network', 'none', '--entrypoint', 'cat', IMAGE, '/var/lib/dpkg/status'], { maxBuffer: 64 << 20 });
});

describe('minify run: the slim image\'s package DB and SBOM', () => {
  it('dpkg-query on the slim rootfs finds exactly the kept dpkg packages, fewer than the source has', async () => {
    const kept = keptDpkgNames();
    expect(kept.length).toBeGreaterThan(0);
    expect(dpkgQuery(join(rootfs, 'var/lib/dpkg'))).toEqual(kept);
    // The comparison can fail: the source's untrimmed status lists many more packages.
    const untrimmed = join(sandbox.tmp, 'untrimmed');
    await mkdir(untrimmed);
    await writeFile(join(untrimmed, 'status'), sourceStatus);
    const all = dpkgQuery(untrimmed);
    expect(all.length).toBeGreaterThan(kept.length);
    expect(all).not.toEqual(kept);
    expect(report.packages?.source).toBeGreaterThanOrEqual(all.length);
  });

  it('the planner\'s live dpkg components are all listed; every other listed package holds a kept file', () => {
    const live = report.components.kept.filter((component) => component.kind === 'dpkg');
    expect(live.length).toBeGreaterThan(0);
    const listed = new Set(dpkgQuery(join(rootfs, 'var/lib/dpkg')));
    for (const component of live) expect(listed.has(component.name), component.id).toBe(true);
    const sbom = JSON.parse(sbomText) as { components: Array<{ 'bom-ref': string; properties?: Array<{ name: string; value: string }> }> };
    const liveIds = new Set(report.components.kept.map((component) => component.id));
    for (const component of sbom.components.filter((c) => !liveIds.has(c['bom-ref']))) {
      expect(component.properties?.find((p) => p.name === 'minify:why')?.value, component['bom-ref']).toMatch(/^holds kept \//);
    }
  });

  it('every stanza of the slim status is the source\'s byte for byte, and each package keeps its file list', async () => {
    const slimStatus = await readFile(join(rootfs, 'var/lib/dpkg/status'));
    const source = new Map(parseStatusStanzas(sourceStatus).map((stanza) => [`${stanza.name}:${stanza.arch}`, stanza.bytes]));
    const stanzas = parseStatusStanzas(slimStatus);
    expect(stanzas.length).toBe(keptDpkgNames().length);
    for (const stanza of stanzas) {
      expect(source.get(`${stanza.name}:${stanza.arch}`)?.equals(stanza.bytes), stanza.name).toBe(true);
      const lists = [`${stanza.name}:${stanza.arch}.list`, `${stanza.name}.list`].map((name) => join(rootfs, 'var/lib/dpkg/info', name));
      const found = await Promise.any(lists.map((path) => readFile(path))).catch(() => undefined);
      expect(found, `info list of ${stanza.name}`).toBeDefined();
    }
  });

  it('the SBOM validates against CycloneDX 1.5 and lists the same dpkg packages with deb purls', async () => {
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(sbomText)).toBeNull();
    const sbom = JSON.parse(sbomText) as CycloneDx;
    expect(sbom.specVersion).toBe('1.5');
    expect(sbom.metadata.component).toMatchObject({ type: 'container', name: SLIM });
    const debs = sbom.components.filter((c) => c.purl?.startsWith('pkg:deb/'));
    expect(debs.map((c) => c.name).sort()).toEqual(keptDpkgNames());
    expect(sbom.components.map((c) => c['bom-ref']).sort()).toEqual([...(report.packages?.kept ?? [])].sort());
    // Dependencies point only at packages in the SBOM.
    const refs = new Set([...sbom.components.map((c) => c['bom-ref']), sbom.metadata.component['bom-ref']]);
    for (const dependency of sbom.dependencies) for (const target of dependency.dependsOn ?? []) expect(refs.has(target), target).toBe(true);
  });

  it('the summary line counts the packages', () => {
    expect(report.packages?.kept.length).toBe(JSON.parse(sbomText).components.length);
  });
});

describe('minify run --sbom on a slim image that is not kept', () => {
  it('writes no SBOM when verification rejects the slim image', async () => {
    // A probe that passes while traced and fails at verify (it counts its runs in a file beside it).
    const counter = join(sandbox.tmp, 'runs');
    const fickle = await sandbox.probe('fickle.ts', [
      "import { existsSync, readFileSync, writeFileSync } from 'node:fs';",
      'export default async () => {',
      `  const runs = existsSync(${JSON.stringify(counter)}) ? Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;`,
      `  writeFileSync(${JSON.stringify(counter)}, String(runs + 1));`,
      "  if (runs > 0) throw new Error('rejected on purpose');",
      '};',
    ].join('\n'));
    const sbomPath = join(sandbox.tmp, 'rejected.cdx.json');
    const result = await sandbox.spawn(['run', IMAGE, '--probe', fickle, '--tag', `${SLIM}-rejected`, '--sbom', sbomPath, '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    await expect(readFile(sbomPath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });
});
