/* Table of traced path syscalls (x86_64, aarch64) and the seccomp-bpf filter that traps only them. */
#define _GNU_SOURCE
#include "syscalls.h"
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define SENSOR_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SENSOR_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "minify-sensor supports x86_64 and aarch64 only"
#endif

#define C DIR_CWD
#define N ARG_NONE
/* aarch64 (asm-generic) has only the *at variants: the legacy entries exist where the ABI has them. */
static const struct syscall_desc table[] = {
#ifdef SYS_open
  {SYS_open, OP_OPEN, 0, C, N, N, N},
#endif
#ifdef SYS_creat
  {SYS_creat, OP_OPEN, 0, C, N, N, N},
#endif
  {SYS_openat, OP_OPEN, 1, 0, N, N, N},
  {SYS_openat2, OP_OPEN, 1, 0, N, N, N},
  {SYS_execve, OP_EXEC, 0, C, N, N, 1},
  {SYS_execveat, OP_EXEC, 1, 0, N, N, 2},
#ifdef SYS_stat
  {SYS_stat, OP_STAT, 0, C, N, N, N},
#endif
#ifdef SYS_lstat
  {SYS_lstat, OP_STAT, 0, C, N, N, N},
#endif
  {SYS_newfstatat, OP_STAT, 1, 0, N, N, N},
  {SYS_statx, OP_STAT, 1, 0, N, N, N},
#ifdef SYS_access
  {SYS_access, OP_ACCESS, 0, C, N, N, N},
#endif
  {SYS_faccessat, OP_ACCESS, 1, 0, N, N, N},
  {SYS_faccessat2, OP_ACCESS, 1, 0, N, N, N},
#ifdef SYS_readlink
  {SYS_readlink, OP_READLINK, 0, C, N, N, N},
#endif
  {SYS_readlinkat, OP_READLINK, 1, 0, N, N, N},
  {SYS_chdir, OP_CHDIR, 0, C, N, N, N},
#ifdef SYS_mkdir
  {SYS_mkdir, OP_MKDIR, 0, C, N, N, N},
#endif
  {SYS_mkdirat, OP_MKDIR, 1, 0, N, N, N},
#ifdef SYS_unlink
  {SYS_unlink, OP_UNLINK, 0, C, N, N, N},
#endif
  {SYS_unlinkat, OP_UNLINK, 1, 0, N, N, N},
#ifdef SYS_rename
  {SYS_rename, OP_RENAME, 0, C, 1, C, N},
#endif
  {SYS_renameat, OP_RENAME, 1, 0, 3, 2, N},
  {SYS_renameat2, OP_RENAME, 1, 0, 3, 2, N},
};
#undef C
#undef N

#define NSYS (sizeof table / sizeof table[0])

const struct syscall_desc *syscall_lookup(long nr) {
  for (size_t i = 0; i < NSYS; i++)
    if (table[i].nr == nr) return &table[i];
  return NULL;
}

size_t syscall_count(void) { return NSYS; }
const struct syscall_desc *syscall_at(size_t i) { return &table[i]; }

int seccomp_install(void) {
  struct sock_filter prog[4 + NSYS + 2];
  size_t n = 0;
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  /* Other ABIs (i386, x32, AArch32) are not traced: allow them untouched. */
  prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SENSOR_AUDIT_ARCH, 1, 0);
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
  for (size_t i = 0; i < NSYS; i++) {
    /* Jump to the TRACE return (the last instruction) on a match. */
    unsigned char to_trace = (unsigned char)(NSYS - i);
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)table[i].nr, to_trace, 0);
  }
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
  struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
  return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog);
}
