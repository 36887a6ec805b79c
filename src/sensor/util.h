/* Small helpers: checked allocation, /proc reads, detaching a mount. */
#ifndef MINIFY_UTIL_H
#define MINIFY_UTIL_H
#include <stddef.h>
#include <sys/types.h>

void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Copies n bytes and adds a NUL terminator. */
char *xmemdup(const char *p, size_t n);
/* Reads /proc/PID/comm into buf (empty string if the process is gone). */
void proc_comm(pid_t pid, char *buf, size_t size);
/* readlink of /proc/PID/<what>; uses the target's fs credentials when plain access is refused. */
ssize_t proc_readlink(pid_t pid, const char *what, char *buf, size_t size);
/* Detaches the mount at path (umount2 MNT_DETACH); a failure is a line on stderr after `who`, and the
 * mount stays (no CAP_SYS_ADMIN, a locked mount): the caller's listing shows it. */
void detach_mount(const char *who, const char *path);

#endif
