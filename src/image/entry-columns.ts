// Pure: the pieces both column stores (compact-entries for the Manifest, compact-listing for a layer's
// headers) encode an entry with: the file type as a byte, the rare optional fields in a side table,
// and typed columns that double as they fill.
import type { FileType, ImagePath } from '../types.js';

export const FILE_TYPES: readonly FileType[] = ['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo'];
const TYPE_CODE = new Map<FileType, number>(FILE_TYPES.map((t, i) => [t, i]));

/** The byte a column stores for `type` (FILE_TYPES[code] gives it back). */
export function fileTypeCode(type: FileType, path: ImagePath): number {
  const code = TYPE_CODE.get(type);
  if (code === undefined) throw new Error(`internal: unknown file type ${type} for ${path}`);
  return code;
}

/** The fields of `keys` the entry has, in that order; undefined when it has none (most entries). */
export function rareFields<E extends object, K extends keyof E>(entry: E, keys: readonly K[]): Pick<E, K> | undefined {
  let rare: Partial<Pick<E, K>> | undefined;
  for (const key of keys) {
    if (entry[key] === undefined) continue;
    rare ??= {};
    rare[key] = entry[key];
  }
  return rare as Pick<E, K> | undefined;
}

/** A column twice as long holding the same values. */
export function grown<A extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(array: A, make: (n: number) => A): A {
  const bigger = make(array.length * 2);
  bigger.set(array);
  return bigger;
}
