// MF111–MF113: base image not pinned (tag, digest) and fat bases that have a slim variant.
import type { BaseImage, Stage } from '../ast.js';
import { shortName } from '../image-ref.js';
import type { Rule, RuleHit } from '../rule.js';
import { finalStage, lineage } from '../stage-facts.js';

type ImageBase = Extract<BaseImage, { kind: 'image' }>;
const imageStages = (stages: readonly Stage[]) =>
  stages.flatMap((s) => (s.base.kind === 'image' ? [{ stage: s, base: s.base }] : []));

export const pinTag: Rule = {
  id: 'MF111',
  severity: 'warning',
  name: 'base-image-unpinned-tag',
  description: 'The base image uses :latest or no tag, so builds drift in size and content (hadolint DL3006, DL3007).',
  hadolint: ['DL3006', 'DL3007'],
  message: 'base image without a version tag',
  hint: 'pin a version tag, e.g. node:20-alpine instead of node',
  check({ dockerfile }) {
    return imageStages(dockerfile.stages)
      .filter(({ base }) => base.digest === undefined && (base.tag === undefined || base.tag === 'latest'))
      .map(({ stage, base }) => ({
        instruction: stage.from,
        message: `base image ${stage.image} is ${base.tag === 'latest' ? ':latest' : 'not tagged'}`,
        hint: `pin a version tag, e.g. ${base.name}:<version>`,
      }));
  },
};

export const pinDigest: Rule = {
  id: 'MF112',
  severity: 'info',
  name: 'base-image-no-digest',
  description: 'The base image is not pinned by @sha256 digest; tags move (no hadolint equivalent).',
  message: 'base image not pinned by digest',
  hint: 'append @sha256:<digest> to the FROM image',
  check({ dockerfile }) {
    return imageStages(dockerfile.stages)
      .filter(({ base }) => base.digest === undefined)
      .map(({ stage }) => ({ instruction: stage.from, message: `base image ${stage.image} not pinned by digest` }));
  },
};

const SLIM_ALTERNATIVES: Record<string, string> = {
  node: 'node:<version>-alpine or -slim',
  python: 'python:<version>-slim or -alpine',
  ruby: 'ruby:<version>-slim or -alpine',
  golang: 'a golang build stage and a distroless/static or scratch runtime',
  openjdk: 'eclipse-temurin:<version>-jre-alpine',
  'eclipse-temurin': 'eclipse-temurin:<version>-jre-alpine',
  debian: 'debian:<release>-slim',
  ubuntu: 'debian:<release>-slim or a distroless image',
};

function isFat(base: ImageBase): boolean {
  if (!(shortName(base.name) in SLIM_ALTERNATIVES) || base.name.includes('distroless')) return false;
  return !/(slim|alpine|distroless|minimal|jre)/.test(base.tag ?? '');
}

export const slimBase: Rule = {
  id: 'MF113',
  severity: 'info',
  name: 'fat-base-image',
  description: 'The runtime stage uses a full base image where a slim/alpine/distroless variant exists (no hadolint equivalent).',
  message: 'fat base image where a slim variant exists',
  hint: 'use a slim, alpine or distroless variant for the runtime stage',
  check({ dockerfile }) {
    const root = lineage(dockerfile, finalStage(dockerfile))[0];
    if (!root || root.base.kind !== 'image' || !isFat(root.base)) return [];
    const alternative = SLIM_ALTERNATIVES[shortName(root.base.name)] ?? 'a slim variant';
    const hit: RuleHit = { instruction: root.from, message: `fat base image ${root.image} in the runtime stage`, hint: `use ${alternative}` };
    return [hit];
  },
};
