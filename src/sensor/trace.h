/* ptrace side of the sensor: follows the app's process tree and records path syscalls. */
#ifndef MINIFY_TRACE_H
#define MINIFY_TRACE_H
#include <sys/types.h>

/* all_syscalls: no seccomp filter could be installed, so every syscall stops (slow path). */
void trace_init(int all_syscalls, const char *initial_cwd);
/* The app child is in its initial SIGSTOP: set options and let it run. Returns 0 or -1. */
int trace_attach_root(pid_t pid);
/* Handles one waitpid() stop of a tracee. */
void trace_on_stop(pid_t pid, int status);
/* A tracee exited or was killed. */
void trace_forget(pid_t pid);

#endif
