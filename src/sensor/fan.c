/* fanotify: FAN_CLASS_NOTIF on the root filesystem (or mount), paths via /proc/self/fd readlink. */
#define _GNU_SOURCE
#include "fan.h"
#include "store.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <unistd.h>

static pid_t self;

static int mark(int fd, unsigned kind, unsigned long long mask) {
  return fanotify_mark(fd, FAN_MARK_ADD | kind, mask, AT_FDCWD, "/");
}

int fan_setup(char *err, size_t errsize) {
  self = getpid();
  int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK | FAN_UNLIMITED_QUEUE,
                         O_RDONLY | O_LARGEFILE | O_CLOEXEC);
  if (fd < 0 && errno == EPERM) {
    snprintf(err, errsize, "fanotify_init: %s (needs CAP_SYS_ADMIN)", strerror(errno));
    return -1;
  }
  if (fd < 0) {
    snprintf(err, errsize, "fanotify_init: %s", strerror(errno));
    return -1;
  }
  unsigned long long mask = FAN_OPEN | FAN_ACCESS | FAN_OPEN_EXEC;
  unsigned kinds[] = {FAN_MARK_FILESYSTEM, FAN_MARK_MOUNT};
  for (int k = 0; k < 2; k++) {
    if (mark(fd, kinds[k], mask) == 0) return fd;
    if (errno == EINVAL && mark(fd, kinds[k], FAN_OPEN | FAN_ACCESS) == 0) {
      store_warning("fanotify: FAN_OPEN_EXEC unsupported, execs are seen as opens");
      return fd;
    }
    if (errno != EINVAL && errno != ENODEV && errno != EXDEV && errno != EOPNOTSUPP) break;
  }
  snprintf(err, errsize, "fanotify_mark on /: %s", strerror(errno));
  close(fd);
  return -1;
}

/*
 * Once a file's read is recorded, tell the kernel to stop reporting reads of its inode: a server
 * reading the same files on every request otherwise pays one event per read(). Only reads: the
 * ignore mark is per inode, and opens must keep coming so that every name of a hard-linked file
 * (linked now or later) is still seen.
 */
static int ignoring_ok = 1;

static void ignore_further(int group, const struct fanotify_event_metadata *m) {
  struct stat st;
  if (!ignoring_ok || !(m->mask & FAN_ACCESS) || fstat(m->fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  if (fanotify_mark(group, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY, FAN_ACCESS, m->fd, NULL) != 0) {
    if (errno == ENOSPC) {
      ignoring_ok = 0; /* out of marks: keep every event rather than lose any */
      store_warning("fanotify: mark limit reached, repeated reads are reported again (slower, nothing missed)");
    }
  }
}

static void record(int group, const struct fanotify_event_metadata *m) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", m->fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  /* pid 0: a process outside our pid namespace (e.g. docker cp on the host side). */
  int ours = n > 0 && path[0] == '/' && m->pid != self && m->pid > 0;
  if (ours) ignore_further(group, m);
  close(m->fd);
  if (!ours) return;
  if (m->mask & FAN_OPEN_EXEC) store_event(path, (size_t)n, OP_FAN_EXEC, 0, m->pid);
  if (m->mask & FAN_OPEN) store_event(path, (size_t)n, OP_FAN_OPEN, 0, m->pid);
  if (m->mask & FAN_ACCESS) store_event(path, (size_t)n, OP_FAN_ACCESS, 0, m->pid);
}

void fan_drain(int fd) {
  static char buf[64 * 1024] __attribute__((aligned(__alignof__(struct fanotify_event_metadata))));
  for (;;) {
    ssize_t len = read(fd, buf, sizeof buf);
    if (len <= 0) return;
    const struct fanotify_event_metadata *m = (const void *)buf;
    for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
      if (m->vers != FANOTIFY_METADATA_VERSION) {
        store_warning("fanotify: unexpected metadata version %d", m->vers);
        return;
      }
      if (m->mask & FAN_Q_OVERFLOW) store_warning("fanotify: event queue overflowed, some accesses were missed");
      if (m->fd >= 0) record(fd, m);
    }
  }
}
