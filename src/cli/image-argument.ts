// The IMAGE argument of a command, checked before any engine call: a file path is not an image
// (exit 4 with a hint), and a name must be a reference Docker accepts (exit 2).
import { stat } from 'node:fs/promises';
import { ExitCode, MinifyError } from '../errors.js';
import { checkImageArgument } from '../image/ref.js';

export async function checkImageOrFile(text: string): Promise<void> {
  const looksLikePath = /^(?:\/|\.\.?\/|~\/)/.test(text) || (await stat(text).then(() => true, () => false));
  if (looksLikePath) {
    throw new MinifyError(`${text} is a file path, not an image in the engine`, {
      code: ExitCode.notFound,
      hint: 'minify reads images from the Docker engine: load an image tar with docker load -i FILE, then pass its name',
    });
  }
  checkImageArgument(text);
}
