// The ecosystem readers on real fixture images: components and owners derived from what the image holds.
import type { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine } from '../../src/engine/connect.js';
import { readComponents, wantsText } from '../../src/ecosystem/index.js';
import type { ComponentIndex } from '../../src/ecosystem/types.js';
import { loadImage } from '../../src/pipeline/load-image.js';
import { capturePlanInput, splitCaptured, type Captured } from '../../src/pipeline/plan-inputs.js';
import type { LayerEntry } from '../../src/types.js';

async function capture(entry: LayerEntry, content: Readable): Promise<Captured | undefined> {
  if (!wantsText(entry.path, entry.size)) return capturePlanInput(entry, content);
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return { kind: 'text', text: Buffer.concat(chunks).toString('utf8') };
}

const indexes = new Map<string, { index: ComponentIndex; paths: number; ms: number }>();

async function read(image: string): Promise<void> {
  const disposer = new Disposer();
  try {
    const loaded = await loadImage(await connectEngine(), image, disposer, { inspect: capture });
    const { elf, textFiles } = splitCaptured(loaded.inspected);
    const started = Date.now();
    const index = readComponents({ manifest: loaded.manifest, textFiles, elf, config: loaded.archive.config.config });
    indexes.set(image, { index, paths: loaded.manifest.entries.size, ms: Date.now() - started });
  } finally {
    expect(await disposer.disposeAll()).toEqual([]);
  }
}

beforeAll(async () => {
  await read('minify-fixture/node-api:1.0');
  await read('minify-fixture/static-web:1.0');
});

function get(image: string) {
  const found = indexes.get(image);
  if (!found) throw new Error(`${image} was not read`);
  return found;
}

function expectOneOwnerPerPath(index: ComponentIndex): void {
  const seen = new Set<string>();
  for (const c of index.components.values()) {
    for (const f of c.files) {
      if (seen.has(f)) throw new Error(`${f} is listed twice (again by ${c.id})`);
      seen.add(f);
    }
  }
}

describe('ecosystem readers on node-api', () => {
  const image = 'minify-fixture/node-api:1.0';

  it('finds the Debian packages with their files', () => {
    const { index, paths, ms } = get(image);
    console.log(`node-api: ${paths} paths, ${index.components.size} components in ${ms} ms`);
    expect(index.ownerOf('/usr/bin/node')?.id).toBe('dpkg:nodejs');
    expect(index.ownerOf('/usr/lib/x86_64-linux-gnu/libc.so.6')?.id).toBe('dpkg:libc6');
    expect(index.components.get('dpkg:nodejs')?.dependsOn).toContain('dpkg:libc6');
    expect(index.components.get('dpkg:libc6')?.metadata).toContain('/var/lib/dpkg/info/libc6:amd64.md5sums');
    expect(index.components.get('dpkg:libc6')?.purl).toMatch(/^pkg:deb\/debian\/libc6@2\.\d+.*\?arch=amd64$/);
    expectOneOwnerPerPath(index);
  });

  it('tells production npm packages from dev ones, and ties the app to its dependencies', () => {
    const { index } = get(image);
    const express = index.ownerOf('/app/node_modules/express/package.json');
    expect(express?.kind).toBe('npm');
    expect(express?.role).toBe('runtime');
    expect(index.ownerOf('/app/node_modules/jest/package.json')?.role).toBe('dev');
    expect(index.ownerOf('/app/node_modules/typescript/package.json')?.role).toBe('dev');
    // body-parser reads request bodies through iconv-lite, which loads its encoding tables lazily.
    const bodyParser = index.ownerOf('/app/node_modules/body-parser/package.json');
    const iconv = index.ownerOf('/app/node_modules/iconv-lite/package.json');
    expect(express?.dependsOn).toContain(bodyParser?.id);
    expect(bodyParser?.dependsOn).toContain(iconv?.id);
    expect(iconv?.role).toBe('runtime');
    const app = index.ownerOf('/app/server.js');
    expect(app?.id).toBe('app:/app');
    expect(app?.dependsOn).toContain(express?.id);
    expect(app?.files).not.toContain('/app/.git/HEAD');
    expect(app?.files.some((f) => f.startsWith('/app/coverage/'))).toBe(false);
  });

  it('carves module dirs and data sets out of their packages', () => {
    const { index } = get(image);
    expect(index.ownerOf('/usr/lib/x86_64-linux-gnu/gconv/UTF-16.so')?.id).toBe('dir:/usr/lib/x86_64-linux-gnu/gconv');
    expect(index.ownerOf('/usr/share/zoneinfo/Europe/Paris')?.id).toBe('data:zoneinfo');
    expect(index.components.get('data:zoneinfo')?.carvedFrom).toEqual(['dpkg:tzdata']);
  });
});

describe('ecosystem readers on static-web', () => {
  const image = 'minify-fixture/static-web:1.0';

  it('makes the web root one app component', () => {
    const { index } = get(image);
    const site = index.ownerOf('/var/www/html/index.html');
    expect(site?.kind).toBe('app');
    for (const file of ['/var/www/html/about.html', '/var/www/html/css/style.css', '/var/www/html/img/logo.png']) {
      expect(index.ownerOf(file)?.id, file).toBe(site?.id);
    }
    expect(index.ownerOf('/usr/sbin/nginx')?.kind).toBe('dpkg');
    expect(index.ownerOf('/etc/nginx/mime.types')?.kind).toBe('dpkg');
    expectOneOwnerPerPath(index);
  });

  it("finds nginx's module dir from the ELF evidence", () => {
    const { index } = get(image);
    const modules = [...index.components.values()].find((c) => c.kind === 'module-dir' && c.files.some((f) => f.startsWith('/usr/lib/nginx/modules/')));
    expect(modules?.id).toBe('dir:/usr/lib/nginx/modules');
    expect(modules?.dependsOn.some((d) => d.startsWith('dpkg:'))).toBe(true);
  });
});
