/* The forked app side: trace-me + seccomp filter, drop to the image's user, restore signals, exec. */
#define _GNU_SOURCE
#include "child.h"
#include "syscalls.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <unistd.h>

static int info_out = -1;

static void say(const char *line) {
  if (write(info_out, line, strlen(line)) < 0) {}
}

static void fail(const char *what, int e, int code) {
  char buf[600];
  snprintf(buf, sizeof buf, "E %d %s: %s\n", e, what, strerror(e));
  say(buf);
  _exit(code);
}

static void setup_seccomp(void) {
  if (seccomp_install() == 0) return;
  if (errno == EACCES) {
    /* Without CAP_SYS_ADMIN a filter needs no_new_privs (setuid binaries then gain nothing). */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && seccomp_install() == 0) {
      say("W no CAP_SYS_ADMIN: seccomp filter installed with no_new_privs, setuid binaries in the app run unprivileged\n");
      return;
    }
  }
  char buf[300];
  snprintf(buf, sizeof buf, "W seccomp filter unavailable (%s): tracing every syscall, slower\nA\n", strerror(errno));
  say(buf);
}

static void drop_privileges(const struct run_user *u) {
  if (setgroups(u->ngroups, u->groups) != 0) fail("setgroups", errno, 125);
  if (setgid(u->gid) != 0) fail("setgid", errno, 125);
  if (setuid(u->uid) != 0) fail("setuid", errno, 125);
  const char *home = getenv("HOME");
  /* Docker set HOME for root because the sensor runs as root; the image's user has its own. */
  if (u->uid != 0 && u->home[0] && (!home || strcmp(home, "/root") == 0)) setenv("HOME", u->home, 1);
}

pid_t child_launch(const struct launch *l, int *info_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid != 0) {
    close(fds[1]);
    if (pid < 0) { close(fds[0]); return -1; }
    *info_fd = fds[0];
    return pid;
  }
  close(fds[0]);
  info_out = fds[1];
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (l->traced) {
    if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) fail("ptrace(PTRACE_TRACEME)", errno, 125);
    setup_seccomp();
  }
  if (l->user) drop_privileges(l->user);
  if (l->traced) raise(SIGSTOP); /* the tracer sets its options, then lets us exec */
  execvp(l->argv[0], l->argv);
  int e = errno;
  fail(l->argv[0], e, e == ENOENT ? 127 : 126);
  return -1;
}
