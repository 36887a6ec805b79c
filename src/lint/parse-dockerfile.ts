// Parses a Dockerfile into stages of located instructions; malformed input is a located MinifyError.
import type { BaseImage, Dockerfile, Instruction, Stage } from './ast.js';
import { parseJsonForm, splitFlags, splitWords } from './parse-args.js';
import { parseError } from './parse-error.js';
import { readInstructions, type RawInstruction } from './parse-lines.js';
import { splitImageRef } from './image-ref.js';
import { substitute } from './substitute.js';

export interface ParseOptions {
  /** Label for messages, e.g. the path given on the command line. Default `Dockerfile`. */
  readonly file?: string;
}

const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const NO_ARGS_OK = new Set(['HEALTHCHECK']);

interface StageDraft {
  index: number;
  name?: string;
  from: Instruction;
  image: string;
  base: BaseImage;
  instructions: Instruction[];
}

function toInstruction(raw: RawInstruction, stage: number, file: string): Instruction {
  const at = { file, line: raw.line, column: raw.column };
  const { flags, rest } = FLAG_KEYWORDS.has(raw.keyword) ? splitFlags(raw.text) : { flags: [], rest: raw.text };
  if (rest === '' && raw.heredocs.length === 0 && !NO_ARGS_OK.has(raw.keyword)) {
    throw parseError(at, `${raw.keyword} requires at least one argument`);
  }
  const json = JSON_KEYWORDS.has(raw.keyword) ? parseJsonForm(rest, at, raw.keyword) : undefined;
  if (raw.keyword === 'SHELL' && json === undefined) {
    throw parseError(at, 'SHELL requires the JSON form', 'write SHELL ["/bin/bash", "-c"]');
  }
  return {
    keyword: raw.keyword,
    line: raw.line,
    column: raw.column,
    endLine: raw.endLine,
    original: raw.text,
    flags,
    args: rest,
    ...(json !== undefined ? { json } : {}),
    heredocs: raw.heredocs,
    comments: raw.comments,
    stage,
  };
}

function declareArgs(instruction: Instruction, vars: Map<string, string | undefined>, escape: string): void {
  for (const word of splitWords(instruction.args, escape)) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    vars.set(name, eq < 0 ? vars.get(name) : substitute(word.slice(eq + 1), vars, escape));
  }
}

function parseFrom(opts: {
  instruction: Instruction;
  vars: ReadonlyMap<string, string | undefined>;
  stages: readonly StageDraft[];
  escape: string;
  file: string;
}): StageDraft {
  const { instruction, file } = opts;
  const at = { file, line: instruction.line, column: instruction.column };
  const words = splitWords(instruction.args, opts.escape);
  const rawImage = words[0];
  if (rawImage === undefined) throw parseError(at, 'FROM requires an image', 'write FROM image[:tag] [AS name]');
  if (words.length !== 1 && (words.length !== 3 || words[1]?.toLowerCase() !== 'as')) {
    throw parseError(at, `FROM takes "image [AS name]", got "${instruction.args}"`);
  }
  const name = words[2]?.toLowerCase();
  if (name !== undefined) {
    if (!/^[a-z][a-z0-9_.-]*$/.test(name)) throw parseError(at, `invalid stage name "${words[2]}"`, 'stage names start with a letter: AS build');
    if (opts.stages.some((s) => s.name === name)) throw parseError(at, `duplicate stage name "${name}"`);
  }
  const image = substitute(rawImage, opts.vars, opts.escape);
  if (image === '') {
    throw parseError(at, `FROM image "${rawImage}" is empty after ARG substitution`, 'declare the ARG with a default before the first FROM');
  }
  const lower = image.toLowerCase();
  const previous = opts.stages.find((s) => s.name === lower);
  const base: BaseImage = previous
    ? { kind: 'stage', index: previous.index }
    : lower === 'scratch'
      ? { kind: 'scratch' }
      : { kind: 'image', ...splitImageRef(image) };
  return { index: opts.stages.length, ...(name ? { name } : {}), from: instruction, image, base, instructions: [] };
}

export function parseDockerfile(text: string, options: ParseOptions = {}): Dockerfile {
  const file = options.file ?? 'Dockerfile';
  const raw = readInstructions(text, file);
  if (raw.instructions.length === 0) {
    throw parseError({ file, line: 1, column: 1 }, 'empty Dockerfile: no instructions', 'a Dockerfile starts with FROM image');
  }
  const vars = new Map<string, string | undefined>();
  const globalArgs: Instruction[] = [];
  const stages: StageDraft[] = [];
  const instructions: Instruction[] = [];
  for (const r of raw.instructions) {
    const current = stages.at(-1);
    const instruction = toInstruction(r, r.keyword === 'FROM' ? stages.length : (current?.index ?? -1), file);
    instructions.push(instruction);
    if (r.keyword === 'FROM') {
      stages.push(parseFrom({ instruction, vars, stages, escape: raw.escape, file }));
    } else if (current) {
      current.instructions.push(instruction);
    } else if (r.keyword === 'ARG') {
      declareArgs(instruction, vars, raw.escape);
      globalArgs.push(instruction);
    } else {
      throw parseError({ file, line: r.line, column: r.column }, `${r.keyword} before the first FROM`, 'only ARG may come before FROM');
    }
  }
  if (stages.length === 0) {
    const last = raw.instructions.at(-1);
    throw parseError({ file, line: last?.line ?? 1, column: 1 }, 'no FROM instruction', 'a Dockerfile needs FROM image');
  }
  const frozen: Stage[] = stages;
  return { file, directives: raw.directives, escape: raw.escape, globalArgs, stages: frozen, instructions };
}
