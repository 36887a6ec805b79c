// Several images in one `minify run` (minify.yml) must not write the same output file in turn:
// a file flag shared by several runs gets the image's slug before its extension, and a shared
// --markdown file (e.g. $GITHUB_STEP_SUMMARY) gets one section per image, appended in order.
import { UsageError } from '../errors.js';
import type { ResolvedRun } from './run-config-file.js';

/** The per-run file flags (attribute names) whose file is derived per image when shared. */
const PER_IMAGE = ['report', 'html', 'sbom', 'output'] as const;

/** `minify-fixture/static-web:1.0` -> `minify-fixture-static-web-1.0`. */
export function imageSlug(image: string): string {
  return image.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'image';
}

/** `out/report.json` + slug -> `out/report.<slug>.json`; a name without extension gets `.<slug>`. */
export function withSlug(file: string, slug: string): string {
  const slash = file.lastIndexOf('/') + 1;
  const dot = file.lastIndexOf('.');
  if (dot <= slash) return `${file}.${slug}`;
  return `${file.slice(0, dot)}.${slug}${file.slice(dot)}`;
}

/** The runs with shared file flags made per image (see the module comment). */
export function perImageFiles(runs: readonly ResolvedRun[]): ResolvedRun[] {
  if (runs.length < 2) return [...runs];
  const shared = (attribute: string) => {
    const counts = new Map<string, number>();
    for (const run of runs) {
      const value = run.flags[attribute];
      if (typeof value === 'string') counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    return (value: unknown): value is string => typeof value === 'string' && (counts.get(value) ?? 0) > 1;
  };
  const isShared = Object.fromEntries([...PER_IMAGE, 'markdown'].map((attribute) => [attribute, shared(attribute)]));
  const markdownSeen = new Set<string>();
  const result = runs.map((run) => {
    const flags = { ...run.flags };
    for (const attribute of PER_IMAGE) {
      if (isShared[attribute]?.(flags[attribute])) flags[attribute] = withSlug(flags[attribute] as string, imageSlug(run.image));
    }
    const markdown = flags.markdown;
    if (isShared.markdown?.(markdown)) {
      if (markdownSeen.has(markdown)) flags.markdownAppend = true;
      markdownSeen.add(markdown);
    }
    return { ...run, flags };
  });
  for (const attribute of PER_IMAGE) {
    const owner = new Map<string, string>();
    for (const run of result) {
      const file = run.flags[attribute];
      if (typeof file !== 'string') continue;
      const other = owner.get(file);
      if (other !== undefined) {
        throw new UsageError(`--${attribute} ${file} would be written by two runs (${other} and ${run.image})`, `give each image entry in minify.yml its own ${attribute} file`);
      }
      owner.set(file, run.image);
    }
  }
  return result;
}
