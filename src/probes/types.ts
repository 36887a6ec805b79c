// The probe API users write against: `export default async function (ctx: ProbeContext) { ... }`.

export interface HttpExpect {
  readonly status?: number;
  /** Substring the body must contain. */
  readonly contains?: string;
  /** Keys the JSON body must have with these (deep-equal) values. */
  readonly json?: Readonly<Record<string, unknown>>;
}

export interface HttpOptions {
  /** Container port to talk to (default: the only / lowest published port). */
  readonly port?: number;
  readonly expect?: HttpExpect;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /**
   * What the behaviour diff (source vs slim) must not compare for this exchange: `true` for all of
   * it, or some fields: headers (by name; only content-type is compared), JSON keys at any depth,
   * the whole body, or `status: 'success'` (only that a 2xx/3xx on the source stays 2xx/3xx).
   */
  readonly volatile?: true | VolatileFields;
}

export interface VolatileFields {
  readonly headers?: readonly string[];
  readonly jsonKeys?: readonly string[];
  readonly body?: boolean;
  readonly status?: 'success';
}

/** One HTTP request a probe made and what came back, as the behaviour diff compares it. */
export interface HttpExchange {
  readonly port: number;
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** sha256 of the body sent ('' for none). */
  readonly sentDigest: string;
  readonly status: number;
  readonly contentType: string;
  /** sha256 of the body, after removing volatile JSON keys. */
  readonly bodyDigest: string;
  readonly volatile?: true | VolatileFields;
}

export interface HttpPostOptions extends HttpOptions {
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  json<T = unknown>(): T;
}

export interface ProbeHttp {
  get(pathOrUrl: string, options?: HttpOptions): Promise<HttpResponse>;
  post(pathOrUrl: string, options?: HttpPostOptions): Promise<HttpResponse>;
  /** Any method (PUT, PATCH, DELETE, HEAD, OPTIONS ...); a body as for post. */
  request(method: string, pathOrUrl: string, options?: HttpPostOptions): Promise<HttpResponse>;
}

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProbeContext {
  /** `http://<host>:<hostPort><path>` for a container port. */
  url(containerPort: number, path?: string): string;
  /** The host the target's ports are published on: 127.0.0.1, or a remote engine's host (DOCKER_HOST, Docker context). */
  readonly host: string;
  /** The host port a container port is published on (throws if it is not published). */
  hostPort(containerPort: number): number;
  /** Container ports that are published, ascending. */
  readonly ports: readonly number[];
  readonly http: ProbeHttp;
  /** Runs a HOST command (no shell); a non-zero exit throws a ProbeFailure. */
  exec(cmd: string, args?: readonly string[], options?: { timeoutMs?: number }): Promise<CommandResult>;
  /** Runs argv INSIDE the target container (no shell); a non-zero exit throws a ProbeFailure. */
  execInTarget(argv: readonly string[], options?: { timeoutMs?: number }): Promise<CommandResult>;
  log(message: string): void;
  /** Adds a step and its outcome to this probe's result in the report (`GET /robots.txt` → `200`). */
  record(step: string, outcome: string | number): void;
  /** Aborted when the probe's time is up or the run is interrupted. */
  readonly signal: AbortSignal;
  /** ms since the epoch by which the probe must be done. */
  readonly deadline: number;
  /**
   * Stops and starts the same container (same filesystem and volumes) and waits until it is ready
   * again, as `docker restart` would; traced like the first start, so restart-only paths are kept.
   */
  restart(): Promise<void>;
}

/** A probe that failed on purpose (an expectation not met); its message is shown as is. */
export class ProbeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

export type ProbeFn = (ctx: ProbeContext) => Promise<void> | void;

export interface Probe {
  readonly name: string;
  readonly run: ProbeFn;
  /** Set by probes minify picks: once the target is up, the probes to run instead (one per port, say). */
  readonly expand?: (ctx: ProbeContext) => Promise<readonly Probe[]>;
}
