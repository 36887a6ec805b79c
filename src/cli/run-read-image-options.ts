// `minify run --read-image scan|save`: the flag and its mapping to RunOptions.
import { Option, type Command } from 'commander';
import type { RunOptions } from '../pipeline/run-minify.js';

export interface ReadImageFlags {
  readImage?: 'scan' | 'save';
}

export function addReadImageOptions(command: Command): Command {
  return command.addOption(
    new Option(
      '--read-image <how>',
      'scan: list the image and read the kept files in a container of it (no docker save); save: read `docker save` output. A scan that cannot stand for the image (a mount it cannot detach hiding image content, a sensor error) falls back to save',
    ).choices(['scan', 'save']).default('scan'),
  );
}

export function readImageRunOptions(flags: ReadImageFlags): Pick<RunOptions, 'readImage'> {
  return { readImage: flags.readImage ?? 'scan' };
}
