// `minify run --sbom FILE`: the flag and its mapping to RunOptions.
import type { Command } from 'commander';
import type { RunOptions } from '../pipeline/run-minify.js';

export interface SbomFlags {
  sbom?: string;
}

export function addSbomOptions(command: Command): Command {
  return command.option(
    '--sbom <file>',
    'write a CycloneDX 1.5 JSON SBOM of the slim image (its dpkg, npm and Python packages, with purls) to FILE; only for a kept image, never over an existing file',
  );
}

export function sbomRunOptions(flags: SbomFlags): Pick<RunOptions, 'sbomFile'> {
  return flags.sbom === undefined ? {} : { sbomFile: flags.sbom };
}
