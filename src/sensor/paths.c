/* Lexical normalisation and resolution of tracee paths against /proc/PID/cwd or /proc/PID/fd/N. */
#define _GNU_SOURCE
#include "paths.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

size_t path_normalize(char *path) {
  char *out = path, *in = path;
  /* out always ends without a trailing slash except for the root. */
  *out++ = '/';
  while (*in) {
    while (*in == '/') in++;
    if (!*in) break;
    char *seg = in;
    while (*in && *in != '/') in++;
    size_t len = (size_t)(in - seg);
    if (len == 1 && seg[0] == '.') continue;
    if (len == 2 && seg[0] == '.' && seg[1] == '.') {
      if (out > path + 1) {
        char *s = out - 1;
        while (s > path && *s != '/') s--;
        out = (s == path) ? path + 1 : s;
      }
      continue;
    }
    if (out > path + 1) *out++ = '/';
    memmove(out, seg, len);
    out += len;
  }
  *out = 0;
  return (size_t)(out - path);
}

ssize_t path_resolve(pid_t pid, int dirfd, const char *path, const char *fallback_cwd, char *out) {
  char base[SENSOR_PATH_MAX];
  if (path[0] == '/') {
    snprintf(out, SENSOR_PATH_MAX, "%s", path);
    return (ssize_t)path_normalize(out);
  }
  if (dirfd == AT_FDCWD) {
    if (proc_readlink(pid, "cwd", base, sizeof base) < 0) {
      if (!fallback_cwd) return -1;
      snprintf(base, sizeof base, "%s", fallback_cwd);
    }
  } else {
    char what[32];
    snprintf(what, sizeof what, "fd/%d", dirfd);
    if (proc_readlink(pid, what, base, sizeof base) < 0 || base[0] != '/') return -1;
  }
  int n = snprintf(out, SENSOR_PATH_MAX, "%s/%s", base, path);
  if (n < 0 || n >= SENSOR_PATH_MAX) return -1;
  return (ssize_t)path_normalize(out);
}
