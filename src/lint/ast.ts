// Dockerfile syntax tree shared by the parser and the lint rules.

export interface Flag {
  readonly name: string;
  /** Undefined for a bare `--flag`. */
  readonly value: string | undefined;
}

export interface Heredoc {
  /** The delimiter word, e.g. `EOF`. */
  readonly name: string;
  /** Body lines joined with `\n` (trailing newline included); `<<-` bodies have leading tabs removed. */
  readonly body: string;
  readonly stripTabs: boolean;
  /** Line of the first body line (1-based). */
  readonly line: number;
}

export interface Instruction {
  /** Upper-case keyword (`RUN`, `COPY` ...). */
  readonly keyword: string;
  readonly line: number;
  readonly column: number;
  /** Last physical line (continuations and heredoc bodies included). */
  readonly endLine: number;
  /** Text after the keyword with continuations joined (heredoc bodies excluded). */
  readonly original: string;
  readonly flags: readonly Flag[];
  /** Text after the flags. */
  readonly args: string;
  /** Exec (JSON) form, when the arguments are a JSON array of strings. */
  readonly json?: readonly string[];
  readonly heredocs: readonly Heredoc[];
  /** Comment lines directly above the instruction (no blank line between), without the `#`. */
  readonly comments: readonly string[];
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  readonly stage: number;
}

export type BaseImage =
  | { readonly kind: 'scratch' }
  | { readonly kind: 'stage'; readonly index: number }
  | { readonly kind: 'image'; readonly name: string; readonly tag?: string; readonly digest?: string };

export interface Stage {
  readonly index: number;
  /** Lower-cased `AS name`, when given. */
  readonly name?: string;
  readonly from: Instruction;
  /** Image reference after ARG substitution. */
  readonly image: string;
  readonly base: BaseImage;
  /** Instructions after the FROM, in order. */
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** Label used in messages (a path or `<stdin>`). */
  readonly file: string;
  /** Parser directives (`syntax`, `escape`, `check`), lower-case names. */
  readonly directives: Readonly<Record<string, string>>;
  readonly escape: '\\' | '`';
  /** ARGs before the first FROM. */
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** Every instruction in file order (global ARGs and FROMs included). */
  readonly instructions: readonly Instruction[];
}

export const KEYWORDS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

export function flagValue(instruction: Instruction, name: string): string | undefined {
  return instruction.flags.find((f) => f.name === name)?.value;
}
