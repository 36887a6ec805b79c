// `minify run` flags for how the app's container runs (trace and verify alike), as `docker run`
// spells them: -e/--env, --env-file, --network, -v/--volume, --mount, --cmd, --entrypoint, --user,
// --workdir, --cap-add, -p/--publish; and --bake-config.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, MinifyError, UsageError } from '../errors.js';
import { parseCommandLine } from '../probes/command-line.js';
import {
  envEntry, parseEnvFile, parseMountFlag, parsePublish, parseVolumeFlag, type ContainerOptions, type ContainerRunOptions, type MountSpec,
} from '../trace/container-options.js';

export interface ContainerFlags {
  env: string[];
  envFile: string[];
  network?: string;
  volume: string[];
  mount: string[];
  cmd?: string;
  entrypoint?: string;
  user?: string;
  workdir?: string;
  capAdd: string[];
  publish: string[];
  bakeConfig?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addContainerOptions(command: Command): Command {
  return command
    .option('-e, --env <KEY=VALUE>', 'environment variable for the app (KEY alone: from this shell); repeatable', collect, [])
    .option('--env-file <file>', 'read environment variables from FILE (KEY=VALUE lines, # comments); repeatable', collect, [])
    .option('--network <name>', 'connect the app to this network (e.g. a user network where its database runs)')
    .option('-v, --volume <src:dst[:ro]>', 'bind-mount a host path (absolute or ./relative) or mount a named volume; repeatable', collect, [])
    .option('--mount <spec>', 'type=bind|volume,source=…,target=…[,readonly], as docker run --mount; repeatable', collect, [])
    .option('--cmd <command>', 'run this command instead of the image\'s Cmd (shell-style quoting, or a JSON array)')
    .option('--entrypoint <command>', 'run this entrypoint instead of the image\'s (drops the image\'s Cmd, as docker run does)')
    .option('--user <user[:group]>', 'run the app as this user instead of the image\'s User')
    .option('--workdir <dir>', 'run the app in this directory instead of the image\'s WorkingDir')
    .option('--cap-add <cap>', 'give the app this Linux capability (on top of what the sensor needs); repeatable', collect, [])
    .option('-p, --publish <port[/proto]>', 'also publish (on the engine\'s host) and wait for a container port the image does not EXPOSE; repeatable', collect, [])
    .option('--bake-config', 'bake --cmd, --entrypoint and --env into the slim image (default: it keeps the source\'s config)');
}

export async function containerOptionsFrom(flags: ContainerFlags, env: NodeJS.ProcessEnv = process.env): Promise<ContainerRunOptions> {
  const lookup = (key: string) => env[key];
  const fromFiles: string[] = [];
  for (const file of flags.envFile) fromFiles.push(...(await readEnvFile(file, lookup)));
  const fromFlags = flags.env.map((value) => {
    const entry = envEntry(value, lookup);
    if (entry === null) throw new UsageError(`--env ${JSON.stringify(value)} is not KEY=VALUE`, 'e.g. --env PORT=8080, or --env PORT to pass this shell\'s value');
    return entry;
  }).filter((entry): entry is string => entry !== undefined);
  const mounts: MountSpec[] = [
    ...flags.volume.map((value) => mountOrThrow(parseVolumeFlag(value, resolve), '--volume', value, '-v ./data:/data:ro, or -v myvolume:/data')),
    ...flags.mount.map((value) => mountOrThrow(parseMountFlag(value, resolve), '--mount', value, '--mount type=bind,source=./data,target=/data,readonly')),
  ];
  const publish = flags.publish.map((value) => {
    const port = parsePublish(value);
    if (!port) throw new UsageError(`--publish ${JSON.stringify(value)} is not a container port`, 'give the port inside the container, e.g. --publish 8080 or 53/udp; minify picks the host port');
    return port;
  });
  const envEntries = [...fromFiles, ...fromFlags];
  const options: ContainerOptions = {
    ...(envEntries.length ? { env: envEntries } : {}),
    ...(flags.network ? { network: flags.network } : {}),
    ...(mounts.length ? { mounts } : {}),
    ...(flags.cmd !== undefined ? { cmd: commandArgv(flags.cmd, '--cmd') } : {}),
    ...(flags.entrypoint !== undefined ? { entrypoint: commandArgv(flags.entrypoint, '--entrypoint') } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.workdir ? { workdir: workdirOrThrow(flags.workdir) } : {}),
    ...(flags.capAdd.length ? { capAdd: flags.capAdd.map((cap) => cap.toUpperCase().replace(/^CAP_/, '')) } : {}),
    ...(publish.length ? { publish } : {}),
  };
  return { options, bake: flags.bakeConfig === true };
}

/** A JSON array as is (exec form), anything else split as a shell would, without running one. */
function commandArgv(value: string, flag: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === 'string')) {
      throw new UsageError(`${flag} ${JSON.stringify(value)} is not a JSON array of strings`, `e.g. ${flag} '["node", "server.js"]'`);
    }
    return parsed as string[];
  }
  return parseCommandLine(value, flag);
}

async function readEnvFile(file: string, lookup: (key: string) => string | undefined): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MinifyError(`--env-file ${file} cannot be read`, { code: ExitCode.notFound, hint: 'give the path of a KEY=VALUE file', cause: error });
  }
  const { env, bad } = parseEnvFile(text, lookup);
  if (bad.length > 0) throw new UsageError(`--env-file ${file} has a line that is not KEY=VALUE: ${JSON.stringify(bad[0])}`, 'one KEY=VALUE per line; # starts a comment');
  return env;
}

function mountOrThrow(mount: MountSpec | undefined, flag: string, value: string, example: string): MountSpec {
  if (!mount) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a mount minify understands`, `e.g. ${example} (the target must be an absolute path)`);
  return mount;
}

function workdirOrThrow(dir: string): string {
  if (!dir.startsWith('/')) throw new UsageError(`--workdir ${JSON.stringify(dir)} is not an absolute path`, 'e.g. --workdir /app');
  return dir;
}
