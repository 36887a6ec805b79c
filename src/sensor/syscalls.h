/* The path syscalls the sensor traces, with where their path arguments sit (numbers from the build target's <sys/syscall.h>). */
#ifndef MINIFY_SYSCALLS_H
#define MINIFY_SYSCALLS_H
#include "store.h"

#define ARG_NONE -1
#define DIR_CWD -2 /* path is relative to the cwd (no dirfd argument) */

struct syscall_desc {
  long nr;
  enum op op;
  int path_arg;  /* index of the first path argument */
  int dirfd_arg; /* index of its dirfd argument or DIR_CWD */
  int path2_arg; /* second path (rename) or ARG_NONE */
  int dirfd2_arg;
  int argv_arg;  /* exec: index of argv or ARG_NONE */
};

const struct syscall_desc *syscall_lookup(long nr);
size_t syscall_count(void);
const struct syscall_desc *syscall_at(size_t i);
/* Installs a seccomp filter that makes only these syscalls stop the tracer (SECCOMP_RET_TRACE).
   Returns 0, or -1 with errno from the kernel. */
int seccomp_install(void);

#endif
