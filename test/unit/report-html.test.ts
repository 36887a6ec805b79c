// The size tree behind --html and the page that embeds it: folding, kept bytes, layers, components,
// safe embedding, no network, and the page's byte formatting matching the CLI's.
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/format.js';
import { CLIENT_FORMAT_BYTES, renderHtmlReport } from '../../src/report/html/page.js';
import { buildSizeTree, type SizeNode } from '../../src/report/size-tree.js';
import type { FileEntry, Manifest } from '../../src/types.js';

function manifestOf(files: Array<[string, number, number?]>, dirs: string[] = []): Manifest {
  const entries = new Map<string, FileEntry>();
  for (const path of dirs) entries.set(path, { path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: 0 });
  for (const [path, size, layerIndex = 0] of files) entries.set(path, { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size, mtime: 0, layerIndex });
  return { entries };
}

const child = (node: SizeNode, name: string): SizeNode | undefined => node.children?.find((c) => c.name === name);

describe('buildSizeTree', () => {
  const manifest = manifestOf(
    [['/usr/lib/big.so', 9000, 0], ['/usr/lib/small-a', 3, 0], ['/usr/lib/small-b', 4, 0], ['/app/server.js', 990, 2], ['/app/data.bin', 3, 2]],
    ['/usr', '/usr/lib', '/app'],
  );

  it('sums bytes and files per dir and sorts children biggest first', () => {
    const tree = buildSizeTree(manifest, { floorShare: 0.001 });
    expect(tree.bytes).toBe(10000);
    expect(tree.files).toBe(5);
    expect(tree.children?.map((c) => c.path)).toEqual(['/usr', '/app']);
    expect(child(tree, 'usr')?.bytes).toBe(9007);
  });

  it('folds entries under the floor into one node per dir, keeping their bytes and count', () => {
    const tree = buildSizeTree(manifest, { floorShare: 0.001 });
    const lib = child(child(tree, 'usr')!, 'lib')!;
    expect(lib.children?.map((c) => c.name)).toEqual(['big.so', '2 smaller entries']);
    const folded = lib.children![1]!;
    expect(folded).toMatchObject({ folded: true, bytes: 7, files: 2, path: '/usr/lib' });
    const sum = (node: SizeNode): number => (node.children ? node.children.reduce((s, c) => s + sum(c), 0) : node.bytes);
    expect(sum(tree)).toBe(tree.bytes);
  });

  it('names the layer that gave a subtree most of its bytes', () => {
    const tree = buildSizeTree(manifest, { floorShare: 0.001 });
    expect(child(tree, 'usr')?.layer).toBe(0);
    expect(child(tree, 'app')?.layer).toBe(2);
  });

  it('annotates kept bytes, the reason of a kept file, and the component with most kept bytes', () => {
    const tree = buildSizeTree(manifest, {
      floorShare: 0.001,
      note: (path) => (path.startsWith('/app/') ? { kept: true, reason: 'traced (open)', component: 'app:/app' } : { kept: false }),
    });
    expect(tree.keptBytes).toBe(993);
    const app = child(tree, 'app')!;
    expect(app).toMatchObject({ keptBytes: 993, component: 'app:/app' });
    expect(child(app, 'server.js')?.reason).toBe('traced (open)');
    expect(child(tree, 'usr')?.keptBytes).toBe(0);
  });
});

describe('renderHtmlReport', () => {
  const report = { tree: buildSizeTree(manifestOf([['/x', 1]])), note: '</script><script>alert(1)</script>' };
  const html = renderHtmlReport({ kind: 'analyze', title: 'minify analyze <app>', report, d3Source: 'var d3 = {}; // "</script>"' });

  it('embeds the report so no string in it can end the script element', () => {
    const scripts = html.match(/<\/script>/g) ?? [];
    expect(scripts).toHaveLength(3); // the data, the library, the page's script
    const data = /<script type="application\/json" id="minify-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(data!).report.note).toBe(report.note);
    expect(html).toContain('<title>minify analyze &#60;app&#62;</title>');
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it('formats bytes in the page exactly as the CLI does', () => {
    const clientFormat = new Function(`${CLIENT_FORMAT_BYTES}; return formatBytes;`)() as (n: number) => string;
    for (const n of [0, 7, 999, 1000, 1049, 9999, 10_000, 99_949, 99_950, 123_456, 1_000_000, 1.08e9, 2.5e12, -4200]) {
      expect(clientFormat(n)).toBe(formatBytes(n));
    }
  });
});
