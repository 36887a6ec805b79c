/* Reading a stopped tracee's memory (process_vm_readv, falling back to PTRACE_PEEKDATA). */
#ifndef MINIFY_MEMORY_H
#define MINIFY_MEMORY_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads len bytes at addr. Returns 0 or -1. */
int mem_read(pid_t pid, uint64_t addr, void *buf, size_t len);
/* Reads a NUL-terminated string of at most size-1 bytes. Returns its length or -1. */
ssize_t mem_read_string(pid_t pid, uint64_t addr, char *buf, size_t size);

#endif
