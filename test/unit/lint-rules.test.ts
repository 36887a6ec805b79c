// Each lint rule: one Dockerfile that triggers it and one that does not.
import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/lint/format.js';
import { lintDockerfile, resolveIgnores } from '../../src/lint/lint.js';
import { RULES } from '../../src/lint/rules/index.js';

const GOOD_IGNORE = '.git\nnode_modules\ncoverage\n.env\n';
const df = (...lines: string[]) => `${lines.join('\n')}\n`;

function codes(text: string, dockerignore: string | undefined, trustedRegistries: readonly string[] = []): string[] {
  return lintDockerfile(text, { dockerignore, trustedRegistries }).findings.map((f) => f.code);
}

interface Case {
  readonly id: string;
  readonly name: string;
  readonly bad: string;
  readonly good: string;
  readonly badIgnore?: string | undefined;
  readonly noIgnoreFile?: boolean;
  /** trustedRegistries from the lint config. */
  readonly trusted?: readonly string[];
}

const CASES: Case[] = [
  { id: 'MF101', name: 'build tools in a single stage',
    bad: df('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends gcc libssl-dev && rm -rf /var/lib/apt/lists/*'),
    good: df('FROM debian:12-slim AS build', 'RUN apt-get update && apt-get install -y gcc', 'FROM debian:12-slim', 'COPY --from=build /out /out') },
  { id: 'MF101', name: 'pip dev requirements in a single stage',
    bad: df('FROM python:3.12-slim', 'COPY requirements-dev.txt .', 'RUN pip install --no-cache-dir -r requirements-dev.txt'),
    good: df('FROM python:3.12-slim', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt') },
  { id: 'MF102', name: 'COPY . before the dependency install',
    bad: df('FROM python:3.12-slim', 'COPY . .', 'RUN pip install --no-cache-dir -r requirements.txt'),
    good: df('FROM python:3.12-slim', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY . .') },
  { id: 'MF102', name: 'ADD . before go mod download',
    bad: df('FROM golang:1.22 AS build', 'ADD . /src', 'RUN go mod download', 'FROM scratch', 'COPY --from=build /src/app /app'),
    good: df('FROM golang:1.22 AS build', 'COPY go.mod go.sum /src/', 'RUN go mod download', 'COPY . /src', 'FROM scratch', 'COPY --from=build /src/app /app') },
  { id: 'MF103', name: 'consecutive RUNs',
    bad: df('FROM alpine:3.20', 'RUN apk add --no-cache curl', 'RUN curl --version'),
    good: df('FROM alpine:3.20', 'RUN apk add --no-cache curl && curl --version') },
  { id: 'MF104', name: 'apt-get install without --no-install-recommends',
    bad: df('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    good: df('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*') },
  { id: 'MF105', name: 'apt lists left in the layer',
    bad: df('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'),
    good: df('FROM debian:12-slim', 'RUN apt-get update \\', ' && apt-get install -y --no-install-recommends curl \\', ' && rm -rf /var/lib/apt/lists/*') },
  { id: 'MF106', name: 'apt-get upgrade',
    bad: df('FROM debian:12-slim', 'RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*'),
    good: df('FROM debian:12-slim', 'RUN apt-get update && rm -rf /var/lib/apt/lists/*') },
  { id: 'MF107', name: 'npm install with a lockfile copied in',
    bad: df('FROM node:20-alpine', 'COPY package.json package-lock.json ./', 'RUN npm install --omit=dev && npm cache clean --force'),
    good: df('FROM node:20-alpine', 'COPY package*.json ./', 'RUN npm ci --omit=dev && npm cache clean --force') },
  { id: 'MF108', name: 'dev dependencies in the runtime stage',
    bad: df('FROM node:20-alpine AS build', 'RUN npm ci', 'FROM node:20-alpine', 'COPY package*.json ./', 'RUN npm ci && npm cache clean --force'),
    good: df('FROM node:20-alpine', 'ENV NODE_ENV=production', 'COPY package*.json ./', 'RUN npm ci && npm cache clean --force') },
  { id: 'MF109', name: 'npm cache kept',
    bad: df('FROM node:20-alpine', 'COPY package*.json ./', 'RUN npm ci --omit=dev'),
    good: df('FROM node:20-alpine', 'COPY package*.json ./', 'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev') },
  { id: 'MF110', name: 'pip install without --no-cache-dir',
    bad: df('FROM python:3.12-slim', 'RUN python3 -m pip install flask'),
    good: df('FROM python:3.12-slim', 'RUN pip install --no-cache-dir flask') },
  { id: 'MF111', name: 'base image without a tag',
    bad: df('FROM ubuntu'),
    good: df('FROM ubuntu:24.04') },
  { id: 'MF111', name: 'base image :latest',
    bad: df('FROM alpine:latest'),
    good: df('FROM alpine@sha256:0123456789abcdef') },
  { id: 'MF112', name: 'base image without a digest',
    bad: df('FROM alpine:3.20'),
    good: df('FROM alpine:3.20@sha256:0123456789abcdef AS base', 'FROM base', 'FROM scratch') },
  { id: 'MF113', name: 'fat base image',
    bad: df('FROM python:3.12'),
    good: df('FROM python:3.12 AS build', 'FROM gcr.io/distroless/python3-debian12') },
  { id: 'MF114', name: 'no USER in the final stage',
    bad: df('FROM alpine:3.20 AS base', 'USER app', 'FROM alpine:3.20'),
    good: df('FROM alpine:3.20 AS base', 'USER app', 'FROM base') },
  { id: 'MF114', name: 'last USER is root',
    bad: df('FROM alpine:3.20', 'USER app', 'USER root'),
    good: df('FROM alpine:3.20', 'USER root', 'USER 10001:10001') },
  { id: 'MF115', name: 'shell-form CMD',
    bad: df('FROM alpine:3.20', 'ENTRYPOINT /app/run.sh --serve'),
    good: df('FROM alpine:3.20', 'ENTRYPOINT ["/app/run.sh", "--serve"]') },
  { id: 'MF116', name: 'ADD of a local file',
    bad: df('FROM alpine:3.20', 'ADD app.conf /etc/app.conf'),
    good: df('FROM alpine:3.20', 'ADD rootfs.tar.gz /', 'COPY app.conf /etc/app.conf') },
  { id: 'MF116', name: 'ADD of a URL',
    bad: df('FROM alpine:3.20', 'ADD https://example.invalid/tool.bin /usr/local/bin/tool'),
    good: df('FROM alpine:3.20', 'COPY tool.bin /usr/local/bin/tool') },
  { id: 'MF117', name: 'no .dockerignore',
    bad: df('FROM alpine:3.20'), noIgnoreFile: true,
    good: df('FROM alpine:3.20') },
  { id: 'MF117', name: '.dockerignore without node_modules for a Node project',
    bad: df('FROM node:20-alpine'), badIgnore: '.git\n.env\ncoverage\n',
    good: df('FROM node:20-alpine') },
  { id: 'MF118', name: 'secret in ENV/ARG',
    bad: df('ARG NPM_TOKEN', 'FROM alpine:3.20', 'ENV DB_PASSWORD=hunter2'),
    good: df('FROM alpine:3.20', 'ENV DB_PASSWORD_FILE=/run/secrets/db TOKENIZER=on PASSWORDLESS_LOGIN=1') },
  { id: 'MF119', name: 'apk add without --no-cache',
    bad: df('FROM alpine:3.20', 'RUN apk update && apk add curl'),
    good: df('FROM alpine:3.20', 'RUN apk add --no-cache curl') },
  { id: 'MF120', name: 'a base image from a registry not in trustedRegistries', trusted: ['registry.example.com'],
    bad: df('FROM registry.example.com/base:1 AS build', 'FROM node:20-slim', 'COPY --from=build /out /out'),
    good: df('FROM registry.example.com/base:1 AS build', 'FROM registry.example.com/node:20-slim', 'COPY --from=build /out /out') },
];

describe('lint rules', () => {
  it.each(CASES)('$id triggers on $name', ({ id, bad, badIgnore, noIgnoreFile, trusted }) => {
    expect(codes(bad, noIgnoreFile ? undefined : (badIgnore ?? GOOD_IGNORE), trusted)).toContain(id);
  });

  it.each(CASES)('$id stays quiet on the fixed $name', ({ id, good, trusted }) => {
    expect(codes(good, GOOD_IGNORE, trusted)).not.toContain(id);
  });

  it('covers every rule with a case', () => {
    expect(new Set(CASES.map((c) => c.id))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  it('gives every rule an MF id, a one-line message and hint, and hadolint ids in the description', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^MF1\d\d$/);
      expect(rule.message).not.toMatch(/\n/);
      expect(rule.hint.length).toBeGreaterThan(5);
      for (const dl of rule.hadolint ?? []) expect(rule.description).toContain(dl);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('flags ADD of a URL with a curl hint', () => {
    const { findings } = lintDockerfile(df('FROM alpine:3.20', 'ADD https://example.invalid/x /x'), { dockerignore: GOOD_IGNORE });
    expect(findings.find((f) => f.code === 'MF116')).toMatchObject({ line: 2, message: 'ADD of a URL', hint: expect.stringContaining('curl') });
  });

  it('reads RUN heredoc bodies as scripts', () => {
    expect(codes(df('FROM debian:12-slim', 'RUN <<EOF', 'apt-get update', 'apt-get install -y --no-install-recommends curl', 'EOF'), GOOD_IGNORE)).toContain('MF105');
  });

  it('reads exec-form RUN ["sh", "-c", script] as the script', () => {
    expect(codes(df('FROM python:3.12-slim', 'RUN ["sh", "-c", "pip install flask && echo ok"]'), GOOD_IGNORE)).toContain('MF110');
  });

  it('treats pnpm like npm for dev dependencies in the runtime stage', () => {
    const runtime = (cmd: string) => codes(df('FROM node:20-alpine', 'COPY pnpm-lock.yaml ./', `RUN ${cmd}`, 'USER node'), GOOD_IGNORE);
    expect(runtime('pnpm install --frozen-lockfile')).toContain('MF108');
    expect(runtime('pnpm install --frozen-lockfile --prod')).not.toContain('MF108');
  });

  it('treats FROM image:${UNSET} as untagged', () => {
    expect(codes(df('ARG V', 'FROM bash:$V'), GOOD_IGNORE)).toContain('MF111');
  });

  it('names the secret and reports it as an error', () => {
    const { findings } = lintDockerfile(df('FROM alpine:3.20', 'ARG GITHUB_API_KEY=x'), { dockerignore: GOOD_IGNORE });
    expect(findings.find((f) => f.code === 'MF118')).toMatchObject({ level: 'error', message: 'ARG GITHUB_API_KEY looks like a secret' });
  });
});

describe('MF120 trusted registries', () => {
  const text = df('# hadolint ignore=DL3026', 'FROM ghcr.io/team/base:1 AS build', 'FROM quay.io/app/runtime:2', 'COPY --from=build /out /out');
  const trusted = ['docker.io'];
  const mf120 = (options: { ignore?: string[] } = {}, input = text) =>
    lintDockerfile(input, { dockerignore: GOOD_IGNORE, trustedRegistries: trusted, ...options }).findings.filter((f) => f.code === 'MF120');

  it('names the registry at the FROM line, and an inline pragma (minify or hadolint id) skips it there', () => {
    expect(mf120().map((f) => [f.line, f.message])).toEqual([[3, 'base image quay.io/app/runtime:2 comes from quay.io, which is not a trusted registry (hadolint DL3026)']]);
    expect(mf120({}, text.replace('FROM quay.io', '# minify-ignore=MF120\nFROM quay.io'))).toEqual([]);
    expect(mf120({}, text.replace('# hadolint ignore=DL3026\n', ''))).toHaveLength(2);
  });

  it('is ignored by id like every rule: --ignore / config ignored with MF120 or DL3026', () => {
    expect(mf120({ ignore: ['MF120'] })).toEqual([]);
    expect(mf120({ ignore: ['dl3026'] })).toEqual([]);
    expect([...resolveIgnores(['DL3026'])]).toEqual(['MF120']);
  });

  it('finds nothing without a configured list, and an image without a host is Docker Hub', () => {
    expect(lintDockerfile(text, { dockerignore: GOOD_IGNORE }).findings.filter((f) => f.code === 'MF120')).toEqual([]);
    expect(mf120({}, df('FROM node:20-slim'))).toEqual([]);
  });

  it('is in the SARIF rules list, and its results point at it', () => {
    const sarif = JSON.parse(formatSarif(mf120(), { version: '0.0.0' })) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties: { hadolint?: string[] } }> } }; results: Array<{ ruleId: string; ruleIndex: number }> }>;
    };
    const run = sarif.runs[0];
    const index = run?.tool.driver.rules.findIndex((rule) => rule.id === 'MF120') ?? -1;
    expect(index).toBeGreaterThanOrEqual(0);
    expect(run?.tool.driver.rules[index]?.properties.hadolint).toEqual(['DL3026']);
    expect(run?.results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([['MF120', index]]);
  });
});
