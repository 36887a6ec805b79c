// Dockerfile parser: directives, comments, continuations, heredocs, forms, flags, ARG substitution, located errors.
import { describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { flagValue } from '../../src/lint/ast.js';
import { parseDockerfile } from '../../src/lint/parse-dockerfile.js';

const df = (...lines: string[]) => `${lines.join('\n')}\n`;

function errorOf(text: string): MinifyError {
  try {
    parseDockerfile(text);
  } catch (error) {
    if (error instanceof MinifyError) return error;
    throw error;
  }
  throw new Error('expected a MinifyError');
}

describe('parseDockerfile', () => {
  it('reads parser directives and keeps instructions located', () => {
    const d = parseDockerfile(df('# syntax=docker/dockerfile:1', '# escape=\\', '', 'FROM alpine:3.20', '  RUN echo hi'));
    expect(d.directives).toEqual({ syntax: 'docker/dockerfile:1', escape: '\\' });
    expect(d.instructions.map((i) => [i.keyword, i.line, i.column])).toEqual([['FROM', 4, 1], ['RUN', 5, 3]]);
  });

  it('treats a directive after a comment as a comment', () => {
    const d = parseDockerfile(df('# hello', '# escape=`', 'FROM alpine:3.20', 'RUN echo a \\', '  b'));
    expect(d.escape).toBe('\\');
    expect(d.stages[0]?.instructions[0]?.args).toBe('echo a   b');
  });

  it('joins continuations with the backtick escape', () => {
    const d = parseDockerfile(df('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN dir C:\\ `', '  && echo done'));
    expect(d.escape).toBe('`');
    const run = d.stages[0]?.instructions[0];
    expect(run?.args).toBe('dir C:\\   && echo done');
    expect([run?.line, run?.endLine]).toEqual([3, 4]);
  });

  it('skips comment and blank lines inside a continuation', () => {
    const d = parseDockerfile(df('FROM debian:12-slim', 'RUN apt-get update \\', '# a comment inside', '', '    && apt-get install -y curl', 'USER 1000'));
    const [run, user] = d.stages[0]?.instructions ?? [];
    expect(run?.args).toBe('apt-get update     && apt-get install -y curl');
    expect(run?.endLine).toBe(5);
    expect([user?.keyword, user?.line]).toEqual(['USER', 6]);
  });

  it('collects comments directly above an instruction, reset by a blank line', () => {
    const d = parseDockerfile(df('FROM alpine:3.20', '# not mine', '', '# minify-ignore=MF103', 'RUN true'));
    expect(d.stages[0]?.instructions[0]?.comments).toEqual(['minify-ignore=MF103']);
  });

  it('reads heredocs: RUN <<EOF, <<-EOF with tabs, several per instruction, COPY <<EOF', () => {
    const d = parseDockerfile(df(
      'FROM alpine:3.20',
      'RUN <<EOF',
      'apk add --no-cache curl',
      'echo done',
      'EOF',
      'RUN <<-"END" cat > /a',
      '\tindented',
      '\tEND',
      'RUN <<ONE <<TWO',
      'first',
      'ONE',
      'second',
      'TWO',
      'COPY <<EOF /etc/app.conf',
      'key=value',
      'EOF',
      'USER app',
    ));
    const [a, b, c, copy, user] = d.stages[0]?.instructions ?? [];
    expect(a?.heredocs).toEqual([{ name: 'EOF', body: 'apk add --no-cache curl\necho done\n', stripTabs: false, line: 3 }]);
    expect(a?.endLine).toBe(5);
    expect(b?.heredocs[0]).toMatchObject({ name: 'END', body: 'indented\n', stripTabs: true });
    expect(c?.heredocs.map((h) => [h.name, h.body])).toEqual([['ONE', 'first\n'], ['TWO', 'second\n']]);
    expect(copy?.heredocs[0]?.body).toBe('key=value\n');
    expect([user?.keyword, user?.line]).toEqual(['USER', 17]);
  });

  it('ignores << inside quotes, here-strings and shifts', () => {
    const d = parseDockerfile(df('FROM alpine:3.20', 'RUN echo "<<EOF" && cat <<<word && echo $((1<<4))', 'USER app'));
    expect(d.stages[0]?.instructions.map((i) => [i.keyword, i.heredocs.length])).toEqual([['RUN', 0], ['USER', 0]]);
  });

  it('tells exec (JSON) form from shell form', () => {
    const d = parseDockerfile(df('FROM alpine:3.20', 'CMD ["node", "server.js"]', 'ENTRYPOINT exec node', 'SHELL ["/bin/sh", "-c"]', 'RUN [ -f /etc/os-release ] && echo ok'));
    const [cmd, entry, shell, run] = d.stages[0]?.instructions ?? [];
    expect(cmd?.json).toEqual(['node', 'server.js']);
    expect(entry?.json).toBeUndefined();
    expect(shell?.json).toEqual(['/bin/sh', '-c']);
    expect(run?.json).toBeUndefined();
  });

  it('reads --from, --chown and --mount flags', () => {
    const d = parseDockerfile(df(
      'FROM golang:1.22 AS build',
      'RUN --mount=type=cache,target=/root/.cache/go-build go build ./...',
      'FROM alpine:3.20',
      'COPY --from=build --chown=app:app /out/app /app',
      'COPY --from=0 /etc/passwd /etc/passwd',
      'COPY --from=nginx:1.27 /etc/nginx/nginx.conf /nginx.conf',
    ));
    const run = d.stages[0]?.instructions[0];
    expect(flagValue(run!, 'mount')).toBe('type=cache,target=/root/.cache/go-build');
    expect(run?.args).toBe('go build ./...');
    const [c1, c2, c3] = d.stages[1]?.instructions ?? [];
    expect([flagValue(c1!, 'from'), flagValue(c1!, 'chown'), c1?.args]).toEqual(['build', 'app:app', '/out/app /app']);
    expect(flagValue(c2!, 'from')).toBe('0');
    expect(flagValue(c3!, 'from')).toBe('nginx:1.27');
  });

  it('substitutes global ARGs in FROM: ${VAR}, ${VAR:-default}, $VAR', () => {
    const d = parseDockerfile(df(
      'ARG NODE=20',
      'ARG VARIANT',
      'ARG REG=library',
      'FROM node:${NODE}-${VARIANT:-alpine} AS base',
      'FROM $REG/python:3.12-slim',
      'FROM base',
      'FROM scratch',
    ));
    expect(d.globalArgs.length).toBe(3);
    expect(d.stages.map((s) => s.image)).toEqual(['node:20-alpine', 'library/python:3.12-slim', 'base', 'scratch']);
    expect(d.stages[0]?.name).toBe('base');
    expect(d.stages[0]?.base).toEqual({ kind: 'image', name: 'node', tag: '20-alpine' });
    expect(d.stages[2]?.base).toEqual({ kind: 'stage', index: 0 });
    expect(d.stages[3]?.base).toEqual({ kind: 'scratch' });
  });

  it('splits digests and registry ports', () => {
    const d = parseDockerfile(df('FROM localhost:5000/team/app:1.2@sha256:abc AS x'));
    expect(d.stages[0]?.base).toEqual({ kind: 'image', name: 'localhost:5000/team/app', tag: '1.2', digest: 'sha256:abc' });
  });

  it.each([
    ['an unknown instruction', df('FROM alpine:3.20', '  FORM x'), 'Dockerfile:2:3: unknown instruction "FORM"'],
    ['an unterminated heredoc', df('FROM alpine:3.20', 'RUN <<EOF', 'echo hi'), 'Dockerfile:2:5: unterminated heredoc <<EOF'],
    ['a bad JSON array', df('FROM alpine:3.20', 'CMD ["node", "server.js"'), 'Dockerfile:2:1: CMD: malformed JSON array'],
    ['single-quoted JSON', df('FROM alpine:3.20', "ENTRYPOINT ['node']"), 'Dockerfile:2:1: ENTRYPOINT: malformed JSON array'],
    ['FROM without an image', df('ARG X', 'FROM'), 'Dockerfile:2:1: FROM requires at least one argument'],
    ['FROM whose image is empty after substitution', df('ARG X', 'FROM ${X}'), 'Dockerfile:2:1: FROM image "${X}" is empty'],
    ['FROM with junk after the image', df('FROM alpine:3.20 base'), 'Dockerfile:1:1: FROM takes "image [AS name]"'],
    ['an empty file', '\n# only a comment\n\n', 'Dockerfile:1:1: empty Dockerfile'],
    ['an instruction before FROM', df('RUN true', 'FROM alpine:3.20'), 'Dockerfile:1:1: RUN before the first FROM'],
    ['only ARGs', df('ARG A=1'), 'Dockerfile:1:1: no FROM instruction'],
    ['a shell-form SHELL', df('FROM alpine:3.20', 'SHELL /bin/bash -c'), 'Dockerfile:2:1: SHELL requires the JSON form'],
  ])('reports %s as a located parse error', (_name, text, message) => {
    const error = errorOf(text);
    expect(error.code).toBe(ExitCode.parseError);
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.hint).toBeTruthy();
  });

  it('uses the given file label in errors', () => {
    expect(() => parseDockerfile('FROM', { file: 'build/Dockerfile.prod' })).toThrow(/^build\/Dockerfile\.prod:1:1: /);
  });
});
