// What a held-out check is: a real client driving a running fixture container through routes, data and
// restarts its light probe never touches. Checks are never fed to a probe or a rule.

export interface CheckTarget {
  /** The host port a container port is published on; it may change when the container restarts. */
  hostPort(containerPort: number): number;
  /** `http://127.0.0.1:<hostPort><path>`. */
  url(containerPort: number, path?: string): string;
  /** `docker restart` the same container (same writable layer), then wait until it answers again. */
  restart(): Promise<void>;
}

export interface CheckStep {
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed (the error or the mismatch), for the test output. */
  readonly detail?: string;
}

export interface HeldOutCheck {
  /** Fixture name, e.g. `python-web`. */
  readonly fixture: string;
  readonly image: string;
  /** The container port the check talks to. */
  readonly port: number;
  /** The light probe the slim images are traced with (never this check). */
  readonly probe: string;
  /** Resolves once the service gives a real answer (not just the docker proxy's TCP accept). */
  ready(target: CheckTarget, signal: AbortSignal): Promise<void>;
  run(target: CheckTarget): Promise<readonly CheckStep[]>;
}
