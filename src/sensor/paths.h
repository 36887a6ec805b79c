/* Path resolution for traced syscalls: relative paths against the tracee's cwd or dirfd. */
#ifndef MINIFY_PATHS_H
#define MINIFY_PATHS_H
#include <stddef.h>
#include <sys/types.h>

#define SENSOR_PATH_MAX 4096

/* Lexically normalises an absolute path in place ("//", "/./", "/x/.." removed). Returns its length. */
size_t path_normalize(char *path);
/* Makes `path` absolute: as is if it starts with '/', else joined to the cwd of pid (dirfd == AT_FDCWD)
   or to the file open as dirfd in pid. `fallback_cwd` is used when /proc cannot tell the cwd.
   Writes a normalised path to out (SENSOR_PATH_MAX bytes). Returns its length or -1. */
ssize_t path_resolve(pid_t pid, int dirfd, const char *path, const char *fallback_cwd, char *out);

#endif
