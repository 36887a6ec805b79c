/* ptrace tracer: seccomp-trapped path syscalls are read at entry and recorded with their result at exit. */
#define _GNU_SOURCE
#include "trace.h"
#include "exec-info.h"
#include "memory.h"
#include "paths.h"
#include "store.h"
#include "syscalls.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#define MAX_ARGS 256
#define MAX_ARG_LEN 4096

struct pending {
  const struct syscall_desc *desc;
  char path[SENSOR_PATH_MAX];
  ssize_t path_len; /* -1: unresolved */
  char path2[SENSOR_PATH_MAX];
  ssize_t path2_len;
  int argc;
  char *argv[MAX_ARGS];
  size_t arglen[MAX_ARGS];
};

struct tracee {
  pid_t pid;
  int fresh;      /* auto-attached child whose initial SIGSTOP is still due */
  char *cwd;      /* tracked cwd, used only when /proc/PID/cwd is unreadable */
  struct pending *pending;
};

static struct tracee *tracees;
static size_t ntracees, captracees;
static int all_syscalls;
static char *root_cwd;

void trace_init(int all, const char *initial_cwd) {
  all_syscalls = all;
  root_cwd = xmemdup(initial_cwd, strlen(initial_cwd));
}

static struct tracee *find(pid_t pid) {
  for (size_t i = 0; i < ntracees; i++)
    if (tracees[i].pid == pid) return &tracees[i];
  return NULL;
}

static struct tracee *add(pid_t pid, const char *cwd, int fresh) {
  if (ntracees == captracees) {
    captracees = captracees ? captracees * 2 : 32;
    tracees = xrealloc(tracees, captracees * sizeof *tracees);
  }
  struct tracee *t = &tracees[ntracees++];
  t->pid = pid;
  t->fresh = fresh;
  t->cwd = xmemdup(cwd, strlen(cwd));
  t->pending = NULL;
  return t;
}

static void free_pending(struct tracee *t) {
  if (!t->pending) return;
  for (int i = 0; i < t->pending->argc; i++) free(t->pending->argv[i]);
  free(t->pending);
  t->pending = NULL;
}

void trace_forget(pid_t pid) {
  struct tracee *t = find(pid);
  if (!t) return;
  free_pending(t);
  free(t->cwd);
  *t = tracees[--ntracees];
}

static void resume(struct tracee *t, int sig) {
  int req = (all_syscalls || t->pending) ? PTRACE_SYSCALL : PTRACE_CONT;
  ptrace(req, t->pid, 0, sig);
}

int trace_attach_root(pid_t pid) {
  long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
              PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
  if (!all_syscalls) opts |= PTRACE_O_TRACESECCOMP;
  if (ptrace(PTRACE_SETOPTIONS, pid, 0, opts) != 0) return -1;
  resume(add(pid, root_cwd, 0), 0);
  return 0;
}

static ssize_t read_path(struct tracee *t, const uint64_t *args, int path_arg, int dirfd_arg, char *out) {
  char raw[SENSOR_PATH_MAX];
  if (mem_read_string(t->pid, args[path_arg], raw, sizeof raw) <= 0) return -1; /* "" is not a lookup */
  int dirfd = dirfd_arg == DIR_CWD ? AT_FDCWD : (int)args[dirfd_arg];
  return path_resolve(t->pid, dirfd, raw, t->cwd, out);
}

static void read_argv(struct tracee *t, struct pending *p, uint64_t argv_addr) {
  for (p->argc = 0; argv_addr && p->argc < MAX_ARGS; p->argc++) {
    uint64_t ptr;
    if (mem_read(t->pid, argv_addr + 8 * (uint64_t)p->argc, &ptr, 8) != 0 || !ptr) break;
    char buf[MAX_ARG_LEN];
    ssize_t n = mem_read_string(t->pid, ptr, buf, sizeof buf);
    if (n < 0) break;
    p->argv[p->argc] = xmemdup(buf, (size_t)n);
    p->arglen[p->argc] = (size_t)n;
  }
}

static void on_entry(struct tracee *t, long nr, const uint64_t *args) {
  const struct syscall_desc *d = syscall_lookup(nr);
  free_pending(t);
  if (!d) return;
  struct pending *p = xcalloc(1, sizeof *p);
  p->desc = d;
  p->path_len = read_path(t, args, d->path_arg, d->dirfd_arg, p->path);
  p->path2_len = d->path2_arg == ARG_NONE ? -1 : read_path(t, args, d->path2_arg, d->dirfd2_arg, p->path2);
  if (d->argv_arg != ARG_NONE) read_argv(t, p, args[d->argv_arg]);
  t->pending = p;
  // Nothing readable to record (e.g. an fexecve with an empty path): drop it with its argv copies.
  if (p->path_len < 0 && p->path2_len < 0) free_pending(t);
  // A single-path call that already succeeded on this path adds nothing: skip its exit stop, which
  // halves the cost of a server opening the same files on every request. exec and chdir still need
  // theirs (argv, cwd).
  else if (p->path2_len < 0 && d->op != OP_EXEC && d->op != OP_CHDIR && store_has(p->path, (size_t)p->path_len, d->op, 0))
    free_pending(t);
}

static void on_exit_stop(struct tracee *t, long rval, int is_error) {
  struct pending *p = t->pending;
  if (!p) return;
  int result = is_error ? (int)-rval : 0;
  if (p->path_len >= 0) store_event(p->path, (size_t)p->path_len, p->desc->op, result, t->pid);
  if (p->path2_len >= 0) store_event(p->path2, (size_t)p->path2_len, p->desc->op, result, t->pid);
  if (result == 0 && p->desc->op == OP_CHDIR && p->path_len >= 0) {
    free(t->cwd);
    t->cwd = xmemdup(p->path, (size_t)p->path_len);
  }
  if (result == 0 && p->desc->op == OP_EXEC && p->path_len >= 0) {
    store_exec(t->pid, p->path, (size_t)p->path_len, p->argc, p->argv, p->arglen);
    exec_note_interpreters(t->pid, p->path);
  }
  free_pending(t);
}

static void on_syscall_stop(struct tracee *t) {
  struct __ptrace_syscall_info info;
  memset(&info, 0, sizeof info);
  if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, (void *)sizeof info, &info) <= 0) return;
  if (info.op == PTRACE_SYSCALL_INFO_SECCOMP)
    on_entry(t, (long)info.seccomp.nr, info.seccomp.args);
  else if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
    on_entry(t, (long)info.entry.nr, info.entry.args);
  else if (info.op == PTRACE_SYSCALL_INFO_EXIT)
    on_exit_stop(t, (long)info.exit.rval, info.exit.is_error);
}

static void on_event(struct tracee *t, int event) {
  unsigned long msg = 0;
  switch (event) {
  case PTRACE_EVENT_SECCOMP:
    on_syscall_stop(t);
    break;
  case PTRACE_EVENT_FORK:
  case PTRACE_EVENT_VFORK:
  case PTRACE_EVENT_CLONE:
    if (ptrace(PTRACE_GETEVENTMSG, t->pid, 0, &msg) == 0 && !find((pid_t)msg)) {
      char *cwd = xmemdup(t->cwd, strlen(t->cwd));
      pid_t parent = t->pid;
      add((pid_t)msg, cwd, 1); /* may move the tracees array */
      free(cwd);
      t = find(parent);
    }
    break;
  case PTRACE_EVENT_EXEC:
    /* A non-leader thread that execs takes over the leader's pid: move its pending execve. */
    if (ptrace(PTRACE_GETEVENTMSG, t->pid, 0, &msg) == 0 && (pid_t)msg != t->pid) {
      struct tracee *old = find((pid_t)msg);
      if (old && old->pending) {
        free_pending(t);
        t->pending = old->pending;
        old->pending = NULL;
        pid_t self = t->pid;
        trace_forget((pid_t)msg);
        t = find(self);
      }
    }
    break;
  default:
    break;
  }
  if (t) resume(t, 0);
}

void trace_on_stop(pid_t pid, int status) {
  struct tracee *t = find(pid);
  int sig = WSTOPSIG(status);
  if (!t) t = add(pid, root_cwd, sig == SIGSTOP);
  if (sig == (SIGTRAP | 0x80)) {
    on_syscall_stop(t);
    resume(t, 0);
    return;
  }
  if (sig == SIGTRAP && (status >> 16)) {
    on_event(t, status >> 16);
    return;
  }
  if (sig == SIGSTOP && t->fresh) {
    t->fresh = 0;
    resume(t, 0);
    return;
  }
  siginfo_t si;
  /* A group-stop (not a signal to deliver) reports no siginfo; just let it continue. */
  if (ptrace(PTRACE_GETSIGINFO, pid, 0, &si) != 0) sig = 0;
  resume(t, sig);
}
