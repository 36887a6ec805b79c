/* The scan's hard-link table and `scan --read` (see scan-files.h). */
#define _GNU_SOURCE
#include "scan-files.h"
#include "scan-out.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct link { dev_t dev; ino_t ino; char *path; };
static struct link *table;
static size_t used, size;

static size_t slot(dev_t dev, ino_t ino) {
  unsigned long long h = (unsigned long long)ino * 0x9e3779b97f4a7c15ull ^ (unsigned long long)dev;
  return (size_t)(h % size);
}

static void insert(struct link l) {
  size_t i = slot(l.dev, l.ino);
  while (table[i].path) i = (i + 1) % size;
  table[i] = l;
  used++;
}

const char *links_first(dev_t dev, ino_t ino, const char *path) {
  if (used * 2 >= size) {
    struct link *old = table;
    size_t old_size = size;
    size = size ? size * 2 : 1024;
    table = calloc(size, sizeof *table);
    if (!table) { perror("minify-sensor scan"); exit(125); }
    used = 0;
    for (size_t i = 0; i < old_size; i++)
      if (old[i].path) insert(old[i]);
    free(old);
  }
  for (size_t i = slot(dev, ino); table[i].path; i = (i + 1) % size)
    if (table[i].dev == dev && table[i].ino == ino) return table[i].path;
  insert((struct link){dev, ino, strdup(path)});
  return NULL;
}

/* The whole file at fd, malloc'd; NULL on error. */
static unsigned char *read_all(int fd, size_t *len) {
  size_t cap = 65536, n = 0;
  unsigned char *b = malloc(cap);
  while (b) {
    if (n == cap) {
      unsigned char *t = realloc(b, cap *= 2);
      if (!t) break;
      b = t;
    }
    ssize_t got = read(fd, b + n, cap - n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;
    if (got == 0) { *len = n; return b; }
    n += (size_t)got;
  }
  free(b);
  return NULL;
}

int scan_read(const char *list) {
  int lf = open(list, O_RDONLY | O_CLOEXEC);
  size_t len = 0;
  unsigned char *names = lf < 0 ? NULL : read_all(lf, &len);
  if (lf >= 0) close(lf);
  if (!names) { perror("minify-sensor scan --read"); return 125; }
  unsigned long files = 0, errors = 0;
  for (size_t at = 0; at < len;) {
    const char *p = (const char *)names + at;
    size_t pl = strnlen(p, len - at);
    at += pl + 1;
    if (pl == 0 || at > len + 1) continue;
    int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    size_t n = 0;
    unsigned char *data = fd < 0 ? NULL : read_all(fd, &n);
    if (fd >= 0) close(fd);
    fputs(data ? "{\"type\":\"file\",\"path\":" : "{\"type\":\"error\",\"path\":", stdout);
    out_bytes(stdout, p, pl);
    if (data) {
      fputs(",\"data\":", stdout);
      out_base64(stdout, data, n);
      files++;
    } else {
      fprintf(stdout, ",\"message\":\"read: %s\"", strerror(errno));
      errors++;
    }
    fputs("}\n", stdout);
    free(data);
  }
  free(names);
  fprintf(stdout, "{\"type\":\"end\",\"files\":%lu,\"errors\":%lu}\n", files, errors);
  return fflush(stdout) == 0 && errors == 0 ? 0 : 1;
}
