/* Scan helpers: the hard-link table and `scan --read` (file contents as base64 lines). */
#ifndef MINIFY_SCAN_FILES_H
#define MINIFY_SCAN_FILES_H
#include <sys/types.h>

/* The first path seen with (dev, ino), or NULL (and `path` is remembered) if this is the first. */
const char *links_first(dev_t dev, ino_t ino, const char *path);
/* Prints {"type":"file","path":..,"data":base64} per NUL-separated path in `list`; exit code. */
int scan_read(const char *list);

#endif
