/* Tracee memory access: process_vm_readv when allowed, else word-by-word PTRACE_PEEKDATA. */
#define _GNU_SOURCE
#include "memory.h"
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

static int vm_readv_broken; /* e.g. blocked by a seccomp profile without CAP_SYS_PTRACE */

static int peek_read(pid_t pid, uint64_t addr, void *buf, size_t len) {
  unsigned char *out = buf;
  uint64_t start = addr & ~(uint64_t)7;
  size_t skip = (size_t)(addr - start), done = 0;
  for (uint64_t a = start; done < len; a += 8) {
    errno = 0;
    long word = ptrace(PTRACE_PEEKDATA, pid, (void *)a, 0);
    if (errno) return -1;
    unsigned char bytes[8];
    memcpy(bytes, &word, 8);
    for (size_t i = skip; i < 8 && done < len; i++) out[done++] = bytes[i];
    skip = 0;
  }
  return 0;
}

int mem_read(pid_t pid, uint64_t addr, void *buf, size_t len) {
  if (!vm_readv_broken) {
    struct iovec local = {buf, len}, remote = {(void *)addr, len};
    ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    if (n == (ssize_t)len) return 0;
    if (n < 0 && (errno == EPERM || errno == ENOSYS)) vm_readv_broken = 1;
    else if (n < 0 && errno == EFAULT) return -1;
  }
  return peek_read(pid, addr, buf, len);
}

ssize_t mem_read_string(pid_t pid, uint64_t addr, char *buf, size_t size) {
  size_t got = 0;
  while (got + 1 < size) {
    /* Never read across a page boundary in one go: the next page may be unmapped. */
    size_t chunk = 4096 - (size_t)((addr + got) & 4095);
    if (chunk > size - 1 - got) chunk = size - 1 - got;
    if (mem_read(pid, addr + got, buf + got, chunk) != 0) return -1;
    char *nul = memchr(buf + got, 0, chunk);
    if (nul) return nul - buf;
    got += chunk;
  }
  buf[got] = 0;
  return (ssize_t)got;
}
