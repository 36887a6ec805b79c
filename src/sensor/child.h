/* Starts the app: optional PTRACE_TRACEME + seccomp filter, privilege drop, exec. */
#ifndef MINIFY_CHILD_H
#define MINIFY_CHILD_H
#include "user.h"
#include <sys/types.h>

struct launch {
  char **argv;
  const struct run_user *user; /* NULL: keep root */
  int traced;
};

/* Forks the app. *info_fd receives the read end of a pipe on which the child reports lines:
   "W <warning>", "A" (no seccomp: trace all syscalls), "E <errno> <text>" (setup/exec failed). */
pid_t child_launch(const struct launch *l, int *info_fd);

#endif
