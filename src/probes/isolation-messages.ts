// The messages between minify and an isolated probe's process (node IPC, structured clone): the
// probe's code runs in the child, every ctx call it makes is answered by the real context in minify.

/** minify → child, once: what to do with the probe file. */
export type StartMessage =
  | { readonly type: 'check'; readonly file: string }
  | {
      readonly type: 'run';
      readonly file: string;
      /** container port → host port */
      readonly endpoints: ReadonlyArray<readonly [number, number]>;
      /** The host the ports are published on. */
      readonly host: string;
      readonly deadline: number;
      /** Dotted names of the context's async methods to proxy (`http.get`, `execInTarget`, ...). */
      readonly methods: readonly string[];
    };

/** child → minify */
export type ChildMessage =
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly args: readonly unknown[] }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'record'; readonly step: string; readonly outcome: string }
  | { readonly type: 'loaded' }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly error: ErrorFields }
  | { readonly type: 'load-failed'; readonly reason: 'syntax' | 'no-default' | 'import'; readonly message: string };

/** minify → child: the answer to a call. */
export type ReplyMessage =
  | { readonly type: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly error: ErrorFields };

export interface ErrorFields {
  readonly message: string;
  /** A ProbeFailure (an expectation not met) is shown as is; anything else too, but named. */
  readonly probeFailure: boolean;
}

export function errorFields(error: unknown): ErrorFields {
  return {
    message: error instanceof Error ? error.message : String(error),
    probeFailure: error instanceof Error && error.name === 'ProbeFailure',
  };
}

/** Values cross as plain data: functions (a response's json()) are rebuilt on the other side. */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown;
}
