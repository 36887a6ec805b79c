// --read-image scan: when the scan fails, the image is read with docker save after one line; an interrupt is no failure.
import { describe, expect, it, vi } from 'vitest';
import { Disposer } from '../../src/cleanup.js';
import type { Engine } from '../../src/engine/connect.js';
import type { LoadedImage } from '../../src/pipeline/load-image.js';
import type { Captured } from '../../src/pipeline/plan-inputs.js';
import { readSource, type ReadSourceOptions, type SourceReaders } from '../../src/pipeline/read-source.js';
import type { PhaseHandle, Progress } from '../../src/progress.js';
import { ScanIncompleteError } from '../../src/scan/scan-lines.js';

const saved = { archive: { layers: ['l0'] }, listings: [], manifest: { entries: new Map() }, inspected: new Map(), tarPath: '/tmp/x/image.tar' } as unknown as LoadedImage<Captured>;

function setup(scanError: unknown, signal?: AbortSignal) {
  const lines: string[] = [];
  const progress = { info: (line: string) => lines.push(line) } as unknown as Progress;
  const phase = { update: () => {} } as unknown as PhaseHandle;
  const opts: ReadSourceOptions = {
    engine: {} as Engine, imageId: 'sha256:abc', disposer: new Disposer(), mode: 'scan', sensorPath: '/sensor', progress, phase, sourceBytes: 1,
    ...(signal ? { signal } : {}),
  };
  const readers = { scan: vi.fn(() => Promise.reject(scanError)), save: vi.fn(() => Promise.resolve(saved)) };
  return { lines, opts, readers: readers as unknown as SourceReaders & typeof readers };
}

describe('readSource', () => {
  it('reads with docker save, saying why in one line, when the scan cannot stand for the image', async () => {
    const { lines, opts, readers } = setup(new ScanIncompleteError('the scan read no contents for /etc/passwd'));
    const read = await readSource(opts, readers);
    expect(read).toEqual({ via: 'save', loaded: saved });
    expect(readers.save).toHaveBeenCalledOnce();
    expect(lines).toEqual(['read image: the in-container scan cannot stand for this image (the scan read no contents for /etc/passwd); reading it with docker save']);
  });

  it('falls back on any other scan error too, naming it as a failure', async () => {
    const { lines, opts, readers } = setup(new Error('engine said no'));
    expect((await readSource(opts, readers)).via).toBe('save');
    expect(lines).toEqual(['read image: the in-container scan cannot stand for this image (the scan failed: engine said no); reading it with docker save']);
  });

  it('does not fall back when the run is interrupted', async () => {
    const abort = new AbortController();
    abort.abort();
    const error = new DOMException('This operation was aborted', 'AbortError');
    const { lines, opts, readers } = setup(error, abort.signal);
    await expect(readSource(opts, readers)).rejects.toBe(error);
    expect(readers.save).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('returns a scanned source without a tar path, with its scan container kept for the copy-out', async () => {
    const { opts, readers } = setup(undefined);
    const container = { id: 'c1', release: () => Promise.resolve() };
    readers.scan.mockImplementation(() => Promise.resolve({ imageId: 'sha256:abc', repoTags: ['a:1'], config: {}, manifest: { entries: new Map() }, captured: new Map(), container }) as never);
    const read = await readSource(opts, readers);
    expect(readers.scan).toHaveBeenCalledWith(expect.objectContaining({ keepContainer: true }));
    expect(read.scanContainer).toBe(container);
    expect(read.via).toBe('scan');
    expect(read.loaded.archive.layers).toEqual([]);
    expect('tarPath' in read.loaded).toBe(false);
    expect(readers.save).not.toHaveBeenCalled();
  });
});
