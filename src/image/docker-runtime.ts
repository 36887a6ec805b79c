// Pure: the paths Docker puts into every container (its init layer and runtime mounts). A container
// shows Docker's versions there, never the image's: a scan cannot read them, and a slim image never keeps them.
import type { ImagePath } from '../types.js';

/** Files Docker's init layer writes (replacing the image's own) or bind-mounts in each container. */
const INIT_FILES = new Set(['/.dockerenv', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/mtab']);
/** Kernel filesystems Docker mounts over the image's dirs. */
const MOUNT_DIRS = ['/proc', '/sys', '/dev'];

export function isDockerRuntimePath(path: ImagePath): boolean {
  return INIT_FILES.has(path) || MOUNT_DIRS.some((dir) => path === dir || path.startsWith(`${dir}/`));
}

/** Dirs Docker writes into when it makes a container: a container shows them with that moment's mtime. */
export const DOCKER_TOUCHED_DIRS: ReadonlySet<ImagePath> = new Set(['/etc']);
