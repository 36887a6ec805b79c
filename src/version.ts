// minify's own version, from package.json (the slim image's history, labels and SBOM name it).
import { createRequire } from 'node:module';

export const { version: MINIFY_VERSION } = createRequire(import.meta.url)('../package.json') as { version: string };
