// `minify lint`'s config: `.minify-lint.yml`, and hadolint's `.hadolint.yaml` (its `ignored`,
// `failure-threshold` and `trustedRegistries`), from the current dir or --config. Flags win over
// .minify-lint.yml, which wins over .hadolint.yaml.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ExitCode, MinifyError, UsageError } from '../errors.js';
import { resolveRuleId } from '../lint/ignore.js';
import type { FailureThreshold } from '../lint/lint.js';

export interface LintConfig {
  /** Rule ids minify knows (hadolint ids it has no rule for are skipped). */
  readonly ignored: readonly string[];
  readonly failureThreshold?: FailureThreshold;
  readonly trustedRegistries: readonly string[];
}

const THRESHOLDS = ['error', 'warning', 'info', 'style', 'none'];
const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];
const MINIFY_FILES = ['.minify-lint.yml', '.minify-lint.yaml'];

export async function readLintConfig(explicit: string | undefined): Promise<LintConfig> {
  if (explicit) return parseLintConfig(await readRequired(explicit), explicit);
  const layers: LintConfig[] = [];
  for (const names of [HADOLINT_FILES, MINIFY_FILES]) {
    for (const name of names) {
      const text = await readOptional(name);
      if (text !== undefined) {
        layers.push(parseLintConfig(text, name));
        break;
      }
    }
  }
  // Later layers (.minify-lint.yml) win for the threshold; ignores and registries add up.
  return layers.reduce<LintConfig>((merged, layer) => ({
    ignored: [...merged.ignored, ...layer.ignored],
    trustedRegistries: [...merged.trustedRegistries, ...layer.trustedRegistries],
    ...(layer.failureThreshold ?? merged.failureThreshold ? { failureThreshold: layer.failureThreshold ?? merged.failureThreshold } : {}),
  }), { ignored: [], trustedRegistries: [] });
}

export function parseLintConfig(text: string, path: string): LintConfig {
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'fix the file, or point --config at another');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new UsageError(`${path} must hold a mapping`, 'e.g. `ignored: [DL3015]`');
  const settings = document as Record<string, unknown>;
  const ignored = stringList(settings.ignored, path, 'ignored').map((id) => resolveRuleId(id)).filter((id): id is string => id !== undefined);
  const threshold = settings['failure-threshold'] ?? settings.failureThreshold;
  if (threshold !== undefined && (typeof threshold !== 'string' || !THRESHOLDS.includes(threshold))) {
    throw new UsageError(`${path}: failure-threshold must be one of ${THRESHOLDS.join(', ')}`, `got ${JSON.stringify(threshold)}`);
  }
  return {
    ignored,
    trustedRegistries: stringList(settings.trustedRegistries ?? settings['trusted-registries'], path, 'trustedRegistries'),
    ...(threshold !== undefined ? { failureThreshold: threshold as FailureThreshold } : {}),
  };
}

function stringList(value: unknown, path: string, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new UsageError(`${path}: ${key} must be a list of strings`, `e.g. ${key}: [DL3015]`);
  return value as string[];
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readRequired(path: string): Promise<string> {
  const text = await readOptional(path);
  if (text === undefined) throw new MinifyError(`lint config ${path} does not exist`, { code: ExitCode.notFound, hint: 'give the path of a .minify-lint.yml or .hadolint.yaml' });
  return text;
}
