/* Checked allocation, /proc helpers (with an fsuid fallback when CAP_SYS_PTRACE is absent), detaching a mount. */
#define _GNU_SOURCE
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <unistd.h>

static void die_oom(void) {
  fputs("minify-sensor: out of memory\n", stderr);
  _exit(125);
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) die_oom();
  return p;
}

void *xrealloc(void *p, size_t size) {
  void *q = realloc(p, size ? size : 1);
  if (!q) die_oom();
  return q;
}

char *xmemdup(const char *p, size_t n) {
  char *q = xcalloc(n + 1, 1);
  memcpy(q, p, n);
  return q;
}

void proc_comm(pid_t pid, char *buf, size_t size) {
  char path[64];
  buf[0] = 0;
  snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n <= 0) { buf[0] = 0; return; }
  buf[n] = 0;
  char *nl = strchr(buf, '\n');
  if (nl) *nl = 0;
}

/* Reads "Uid:" / "Gid:" effective ids of a process from /proc/PID/status. */
static int proc_ids(pid_t pid, unsigned *uid, unsigned *gid) {
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  char *u = strstr(buf, "\nUid:"), *g = strstr(buf, "\nGid:");
  unsigned r;
  if (!u || !g || sscanf(u + 5, "%u %u", &r, uid) != 2 || sscanf(g + 5, "%u %u", &r, gid) != 2) return -1;
  return 0;
}

ssize_t proc_readlink(pid_t pid, const char *what, char *buf, size_t size) {
  char path[96];
  snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
  ssize_t n = readlink(path, buf, size - 1);
  if (n < 0 && (errno == EACCES || errno == EPERM)) {
    /* Without CAP_SYS_PTRACE the kernel only lets the same (fs) user look: become it briefly. */
    unsigned uid, gid;
    if (proc_ids(pid, &uid, &gid) == 0) {
      setfsgid(gid);
      setfsuid(uid);
      n = readlink(path, buf, size - 1);
      int saved = errno;
      setfsuid(0);
      setfsgid(0);
      errno = saved;
    }
  }
  if (n < 0) return -1;
  buf[n] = 0;
  return n;
}

void detach_mount(const char *who, const char *path) {
  if (umount2(path, MNT_DETACH) != 0) fprintf(stderr, "%s: cannot unmount %s: %s\n", who, path, strerror(errno));
}
