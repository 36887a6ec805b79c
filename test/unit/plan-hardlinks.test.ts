// A hard-link group is kept whole, whichever member the manifest holds as the file: a tar's order
// (docker save) and a scan's (first path walked) may differ, and the plan must not.
import { describe, expect, it } from 'vitest';
import { createKeepBuilder } from '../../src/plan/closure.js';
import type { ElfInfo } from '../../src/plan/types.js';
import type { FileEntry, ImagePath, Manifest } from '../../src/types.js';

const base = { mode: 0o755, uid: 0, gid: 0, size: 10, mtime: 1, layerIndex: 0 };
const dir = (path: string): FileEntry => ({ ...base, path, type: 'dir', size: 0 });
const file = (path: string): FileEntry => ({ ...base, path, type: 'file' });
const link = (path: string, to: string): FileEntry => ({ ...base, path, type: 'hardlink', linkTarget: to });
const ELF: ElfInfo = { needed: ['libc.so.6'], rpath: [], runpath: [], class: 64, machine: 62 };

function kept(entries: FileEntry[], elfAt: ImagePath, root: ImagePath): string[] {
  const manifest: Manifest = { entries: new Map([dir('/usr'), dir('/usr/bin'), dir('/usr/lib'), file('/usr/lib/libc.so.6'), ...entries].map((e) => [e.path, e])) };
  const elf = new Map([[elfAt, ELF], ['/usr/lib/libc.so.6', { ...ELF, needed: [] }]]);
  const builder = createKeepBuilder({ manifest, elf, ld: { manifest, elf, libraryPath: [], confDirs: ['/usr/lib'] }, excluded: () => undefined });
  builder.keepRequired(root, { kind: 'traced', op: 'exec' } as never);
  return [...builder.close().keep.keys()].sort();
}

describe('hard-link groups', () => {
  it('keeps the same paths whichever member is stored as the file', () => {
    const tarOrder = kept([file('/usr/bin/perl5'), link('/usr/bin/perl', '/usr/bin/perl5')], '/usr/bin/perl5', '/usr/bin/perl');
    const walkOrder = kept([file('/usr/bin/perl'), link('/usr/bin/perl5', '/usr/bin/perl')], '/usr/bin/perl', '/usr/bin/perl');
    expect(walkOrder).toEqual(tarOrder);
    expect(tarOrder).toEqual(['/usr', '/usr/bin', '/usr/bin/perl', '/usr/bin/perl5', '/usr/lib', '/usr/lib/libc.so.6']);
  });
});
