/* `minify-sensor tar`: writes a tar of the regular files named on a NUL-separated list to stdout,
 * skipping what the container does not hold as the image has it (anything at or below a mount, once
 * the `--unmount` ones, the tmpfs minify puts over image VOLUMEs, are detached). */
#define _GNU_SOURCE
#include "tar.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT_SIZE (1 << 20)

static char out[OUT_SIZE];
static size_t out_len;
static char **mounts;
static size_t n_mounts;

static int flush_out(void) {
  size_t done = 0;
  while (done < out_len) {
    ssize_t n = write(1, out + done, out_len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    done += (size_t)n;
  }
  out_len = 0;
  return 0;
}

static int put(const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    if (out_len == OUT_SIZE && flush_out() != 0) return -1;
    size_t take = OUT_SIZE - out_len < n ? OUT_SIZE - out_len : n;
    memcpy(out + out_len, c, take);
    out_len += take;
    c += take;
    n -= take;
  }
  return 0;
}

static int put_zeros(size_t n) {
  static const char zero[512];
  while (n > 0) {
    size_t take = n < sizeof zero ? n : sizeof zero;
    if (put(zero, take) != 0) return -1;
    n -= take;
  }
  return 0;
}

/* Mount points from /proc/self/mountinfo (field 5, octal escapes undone), except "/". */
static void read_mounts(void) {
  FILE *f = fopen("/proc/self/mountinfo", "re");
  if (!f) return;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0) {
    char *field = line;
    for (int i = 0; i < 4 && field; i++) field = strchr(field, ' '), field = field ? field + 1 : NULL;
    if (!field) continue;
    char *end = strchr(field, ' ');
    if (end) *end = 0;
    char *w = field;
    for (char *r = field; *r; r++) {
      if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
        *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
        r += 3;
      } else *w++ = *r;
    }
    *w = 0;
    if (strcmp(field, "/") == 0) continue;
    mounts = realloc(mounts, (n_mounts + 1) * sizeof *mounts);
    if (!mounts) exit(125);
    mounts[n_mounts++] = strdup(field);
  }
  free(line);
  fclose(f);
}

static int under_mount(const char *path) {
  for (size_t i = 0; i < n_mounts; i++) {
    size_t n = strlen(mounts[i]);
    if (strncmp(path, mounts[i], n) == 0 && (path[n] == 0 || path[n] == '/')) return 1;
  }
  return 0;
}

static void octal(char *field, size_t len, unsigned long long v) {
  snprintf(field, len, "%0*llo", (int)(len - 1), v);
}

static int header(const char *name, size_t name_len, char type, unsigned long long size, const struct stat *st) {
  char h[512];
  memset(h, 0, sizeof h);
  memcpy(h, name, name_len < 100 ? name_len : 100);
  octal(h + 100, 8, st ? (st->st_mode & 07777) : 0644);
  octal(h + 108, 8, st && st->st_uid < 07777777 ? st->st_uid : 0);
  octal(h + 116, 8, st && st->st_gid < 07777777 ? st->st_gid : 0);
  octal(h + 124, 12, size < 077777777777ULL ? size : 0);
  octal(h + 136, 12, st && st->st_mtime > 0 && (unsigned long long)st->st_mtime < 077777777777ULL ? (unsigned long long)st->st_mtime : 0);
  h[156] = type;
  memcpy(h + 257, "ustar\0" "00", 8);
  memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (size_t i = 0; i < sizeof h; i++) sum += (unsigned char)h[i];
  snprintf(h + 148, 8, "%06o", sum);
  return put(h, sizeof h);
}

static size_t pax_record(char *buf, size_t cap, const char *key, const char *value, size_t value_len) {
  size_t body = 1 + strlen(key) + 1 + value_len + 1, len = body + 1;
  char digits[24];
  while ((size_t)snprintf(digits, sizeof digits, "%zu", len) + body != len) len = (size_t)snprintf(digits, sizeof digits, "%zu", len) + body;
  if (len > cap) return 0;
  int n = snprintf(buf, cap, "%zu %s=", len, key);
  memcpy(buf + n, value, value_len);
  buf[len - 1] = '\n';
  return len;
}

/* One regular file: PAX record for a long or non-ASCII name or a size past 8 GiB, header, bytes. */
static int emit(const char *path, int fd, const struct stat *st) {
  const char *name = path + 1;
  size_t name_len = strlen(name);
  unsigned long long size = (unsigned long long)st->st_size;
  int ascii = 1;
  for (size_t i = 0; i < name_len; i++) if ((unsigned char)name[i] > 0x7e) ascii = 0;
  if (name_len > 100 || !ascii || size >= 077777777777ULL) {
    char pax[8400];
    size_t n = 0;
    if (name_len > 100 || !ascii) n += pax_record(pax, sizeof pax, "path", name, name_len);
    if (size >= 077777777777ULL) {
      char digits[24];
      int d = snprintf(digits, sizeof digits, "%llu", size);
      n += pax_record(pax + n, sizeof pax - n, "size", digits, (size_t)d);
    }
    if (header("PaxHeader", 9, 'x', n, NULL) != 0 || put(pax, n) != 0 || put_zeros((512 - n % 512) % 512) != 0) return -1;
  }
  if (header(name, name_len, '0', size, st) != 0) return -1;
  unsigned long long left = size;
  while (left > 0) {
    if (out_len == OUT_SIZE && flush_out() != 0) return -1;
    size_t room = OUT_SIZE - out_len;
    ssize_t n = read(fd, out + out_len, left < room ? (size_t)left : room);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fprintf(stderr, "minify-sensor tar: %s shrank while it was read\n", path);
      return -1;
    }
    out_len += (size_t)n;
    left -= (unsigned long long)n;
  }
  return put_zeros((512 - size % 512) % 512);
}

static int one(const char *path) {
  if (path[0] != '/') {
    fprintf(stderr, "skip %s: not absolute\n", path);
    return 0;
  }
  if (under_mount(path)) {
    fprintf(stderr, "skip %s: a mount hides the image's file\n", path);
    return 0;
  }
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    fprintf(stderr, "skip %s: %s\n", path, strerror(errno));
    return 0;
  }
  struct stat st;
  int rc = 0;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) fprintf(stderr, "skip %s: not a regular file\n", path);
  else rc = emit(path, fd, &st);
  close(fd);
  return rc;
}

int tar_main(int argc, char **argv) {
  FILE *in = stdin;
  const char *from = NULL;
  int i = 1;
  for (; i + 1 < argc && strcmp(argv[i], "--unmount") == 0; i += 2) detach_mount("minify-sensor tar", argv[i + 1]);
  if (i + 2 == argc && strcmp(argv[i], "--from") == 0) from = argv[i + 1];
  else if (i != argc) {
    fputs("usage: minify-sensor tar [--unmount PATH]... [--from FILE]  (NUL-separated absolute paths; tar on stdout)\n", stderr);
    return 125;
  }
  if (from && !(in = fopen(from, "re"))) {
    fprintf(stderr, "minify-sensor tar: cannot open %s: %s\n", from, strerror(errno));
    return 125;
  }
  read_mounts();
  char *path = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getdelim(&path, &cap, 0, in)) > 0) {
    if (path[n - 1] == 0) n--;
    path[n] = 0;
    if (n == 0) continue;
    if (one(path) != 0) return 1;
  }
  if (put_zeros(1024) != 0 || flush_out() != 0) return 1;
  return 0;
}
