/* `minify-sensor scan`: walks / (not other mounts, after `--unmount`ing the ones minify put over image
 * VOLUMEs), one JSONL line per file with its metadata, xattrs, hard links and ELF facts;
 * `--read LIST` prints the contents of the listed files;
 * `--idle` keeps the container up between the two (docker exec runs them); with `--deadline SECONDS`
 * before it, only that long (exit 124), so a scan container whose minify died stops by itself. */
#define _GNU_SOURCE
#include "scan.h"
#include "scan-elf.h"
#include "scan-files.h"
#include "scan-out.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define SCAN_SCHEMA 1
#define MAX_SKIP 16

static dev_t root_dev;
static struct stat self;
static const char *skips[MAX_SKIP];
static int nskips;
static const char **unmounts;
static int nunmounts;
static uint64_t elf_cap = 256ull << 20, elf_min = 64;
static unsigned long entries, errors;
static char path[8192];

static void error_line(const char *p, const char *what) {
  fputs("{\"type\":\"error\",\"path\":", stdout);
  out_bytes(stdout, p, strlen(p));
  fprintf(stdout, ",\"message\":\"%s: %s\"}\n", what, strerror(errno));
  errors++;
}

static void put_xattrs(const char *p) {
  char names[16384], value[65536];
  ssize_t n = llistxattr(p, names, sizeof names);
  if (n < 0) {
    if (errno != ENOTSUP && errno != ENODATA) error_line(p, "llistxattr");
    return;
  }
  int first = 1;
  for (char *name = names; name < names + n; name += strlen(name) + 1) {
    /* Listed only with CAP_SYS_ADMIN (a scan container of a VOLUME image); no layer tar carries them. */
    if (strncmp(name, "trusted.", 8) == 0) continue;
    ssize_t len = lgetxattr(p, name, value, sizeof value);
    if (len < 0) { error_line(p, "lgetxattr"); continue; }
    fputs(first ? ",\"xattrs\":{" : ",", stdout);
    out_bytes(stdout, name, strlen(name));
    fputc(':', stdout);
    out_base64(stdout, (const unsigned char *)value, (size_t)len);
    first = 0;
  }
  if (!first) fputc('}', stdout);
}

static void put_elf(const char *p, const struct stat *st) {
  if ((uint64_t)st->st_size < elf_min) return;
  int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) { error_line(p, "open"); return; }
  uint64_t avail = (uint64_t)st->st_size < elf_cap ? (uint64_t)st->st_size : elf_cap;
  if (scan_elf(stdout, fd, avail) < 0) error_line(p, "read");
  close(fd);
}

static const char *kind_of(mode_t m) {
  switch (m & S_IFMT) {
  case S_IFREG: return "file";
  case S_IFDIR: return "dir";
  case S_IFLNK: return "symlink";
  case S_IFCHR: return "char";
  case S_IFBLK: return "block";
  case S_IFIFO: return "fifo";
  default: return "socket";
  }
}

static void put_entry(const char *p, const struct stat *st) {
  const char *first = S_ISREG(st->st_mode) && st->st_nlink > 1 ? links_first(st->st_dev, st->st_ino, p) : NULL;
  fputs("{\"type\":\"entry\",\"path\":", stdout);
  out_bytes(stdout, p, strlen(p));
  fprintf(stdout, ",\"kind\":\"%s\",\"mode\":%u,\"uid\":%u,\"gid\":%u,\"size\":%lld,\"mtime\":%lld",
          first ? "hardlink" : kind_of(st->st_mode), (unsigned)(st->st_mode & 07777), (unsigned)st->st_uid,
          (unsigned)st->st_gid, S_ISREG(st->st_mode) ? (long long)st->st_size : 0LL, (long long)st->st_mtim.tv_sec);
  if (first) {
    fputs(",\"link\":", stdout);
    out_bytes(stdout, first, strlen(first));
  } else if (S_ISLNK(st->st_mode)) {
    char target[8192];
    ssize_t n = readlink(p, target, sizeof target);
    if (n < 0) error_line(p, "readlink");
    fputs(",\"link\":", stdout);
    out_bytes(stdout, target, n < 0 ? 0 : (size_t)n);
  } else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
    fprintf(stdout, ",\"rdev\":[%u,%u]", major(st->st_rdev), minor(st->st_rdev));
  }
  put_xattrs(p);
  if (S_ISREG(st->st_mode) && !first) put_elf(p, st);
  fputs("}\n", stdout);
  entries++;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int skipped(const char *p) {
  for (int i = 0; i < nskips; i++)
    if (strcmp(p, skips[i]) == 0) return 1;
  return 0;
}

/* path[0..len) is a directory ("" for /); its children in byte order, depth first, as Docker's tar does. */
static void walk(size_t len) {
  DIR *d = opendir(len ? path : "/");
  if (!d) { error_line(len ? path : "/", "opendir"); return; }
  size_t n = 0, cap = 64;
  char **names = malloc(cap * sizeof *names);
  for (struct dirent *e; names && (e = readdir(d));) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      char **t = realloc(names, (cap *= 2) * sizeof *names);
      if (!t) break;
      names = t;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (!names) { error_line(path, "malloc"); return; }
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    size_t nl = strlen(names[i]);
    if (len + 1 + nl >= sizeof path) { errno = ENAMETOOLONG; error_line(path, names[i]); free(names[i]); continue; }
    path[len] = '/';
    memcpy(path + len + 1, names[i], nl + 1);
    free(names[i]);
    struct stat st;
    if (lstat(path, &st) != 0) { error_line(path, "lstat"); continue; }
    if (skipped(path)) continue;
    if (st.st_dev != root_dev) {
      /* Another filesystem mounted here (proc, a volume, Docker's /etc/hosts): not the image's. */
      fputs("{\"type\":\"mount\",\"path\":", stdout);
      out_bytes(stdout, path, strlen(path));
      fputs("}\n", stdout);
      continue;
    }
    if (S_ISREG(st.st_mode) && st.st_dev == self.st_dev && st.st_ino == self.st_ino) continue;
    put_entry(path, &st);
    if (S_ISDIR(st.st_mode)) walk(len + 1 + nl);
  }
  path[len] = 0;
  free(names);
}

static long idle_limit = 0;

static int idle(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, NULL);
  if (idle_limit > 0) {
    struct timespec limit = {.tv_sec = idle_limit, .tv_nsec = 0};
    while (sigtimedwait(&set, NULL, &limit) < 0) {
      if (errno == EAGAIN) {
        fprintf(stderr, "minify-sensor: scan: deadline of %ld s reached (minify --max-run-time)\n", idle_limit);
        return 124;
      }
    }
    return 0;
  }
  int sig;
  sigwait(&set, &sig);
  return 0;
}

int scan_main(int argc, char **argv) {
  const char *list = NULL;
  for (int i = 1; i < argc; i++) {
    int more = i + 1 < argc;
    if (strcmp(argv[i], "--idle") == 0) return idle();
    else if (strcmp(argv[i], "--deadline") == 0 && more) idle_limit = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--skip") == 0 && more && nskips < MAX_SKIP) skips[nskips++] = argv[++i];
    else if (strcmp(argv[i], "--unmount") == 0 && more) {
      unmounts = xrealloc(unmounts, (size_t)(nunmounts + 1) * sizeof *unmounts);
      unmounts[nunmounts++] = argv[++i];
    }
    else if (strcmp(argv[i], "--elf-cap") == 0 && more) elf_cap = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--elf-min") == 0 && more) elf_min = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--read") == 0 && more) list = argv[++i];
    else {
      fputs("usage: minify-sensor scan [--skip PATH]... [--unmount PATH]... [--elf-cap BYTES] [--elf-min BYTES] | --read LIST | [--deadline SECONDS] --idle\n", stderr);
      return 125;
    }
  }
  static char buf[1 << 20];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  if (list) return scan_read(list);
  struct stat root;
  if (lstat("/", &root) != 0 || stat("/proc/self/exe", &self) != 0) { perror("minify-sensor scan"); return 125; }
  root_dev = root.st_dev;
  /* The tmpfs minify mounts over a VOLUME instead of a volume (which would hold a copy): detached from
   * the container's mount namespace, the image's own files beneath show, also to later execs. One that
   * stays (no CAP_SYS_ADMIN, a locked mount) is a `mount` line like any other. */
  for (int i = 0; i < nunmounts; i++) detach_mount("minify-sensor: scan", unmounts[i]);
  fprintf(stdout, "{\"type\":\"scan\",\"schema\":%d}\n", SCAN_SCHEMA);
  walk(0);
  fprintf(stdout, "{\"type\":\"end\",\"entries\":%lu,\"errors\":%lu}\n", entries, errors);
  return fflush(stdout) == 0 && errors == 0 ? 0 : 1;
}
