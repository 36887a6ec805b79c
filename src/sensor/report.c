/* Serialises the store as versioned JSONL (header, events, execs, warnings, end) via tmp + rename. */
#define _GNU_SOURCE
#include "report.h"
#include "json.h"
#include "store.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *signal_name(int sig) {
  static const struct { int sig; const char *name; } names[] = {
    {SIGHUP, "SIGHUP"}, {SIGINT, "SIGINT"}, {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"}, {SIGFPE, "SIGFPE"},
    {SIGKILL, "SIGKILL"}, {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"}, {SIGSYS, "SIGSYS"},
    {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].sig == sig) return names[i].name;
  return NULL;
}

static void write_body(FILE *f, const struct report_meta *m, unsigned seq) {
  fprintf(f, "{\"type\":\"header\",\"schema\":%d,\"mode\":\"%s\",\"started\":\"%s\",\"seq\":%u,\"final\":%s}\n",
          REPORT_SCHEMA, m->mode, m->started, seq, m->final ? "true" : "false");
  for (size_t i = 0; i < store_nrecords(); i++) {
    const struct record *r = store_record(i);
    fputs("{\"type\":\"event\",", f);
    json_path_field(f, "path", r->path, r->len);
    fprintf(f, ",\"op\":\"%s\",\"result\":%d,\"pid\":%d,\"comm\":", op_name(r->op), r->result, (int)r->pid);
    json_string(f, r->comm, strlen(r->comm));
    fprintf(f, ",\"source\":\"%s\"}\n", op_is_fanotify(r->op) ? "fanotify" : "ptrace");
  }
  for (size_t i = 0; i < store_nexecs(); i++) {
    const struct exec_rec *e = store_exec_at(i);
    fprintf(f, "{\"type\":\"exec\",\"pid\":%d,", (int)e->pid);
    json_path_field(f, "path", e->path, e->len);
    fputs(",\"argv\":[", f);
    for (int a = 0; a < e->argc; a++) {
      if (a) fputc(',', f);
      json_string(f, e->argv[a], e->arglen[a]);
    }
    fputs("]}\n", f);
  }
  for (size_t i = 0; i < store_nwarnings(); i++) {
    const char *w = store_warning_at(i);
    fputs("{\"type\":\"warning\",\"message\":", f);
    json_string(f, w, strlen(w));
    fputs("}\n", f);
  }
  fputs("{\"type\":\"end\",\"app_exit\":", f);
  if (!m->app_exit.known) fputs("null", f);
  else if (m->app_exit.signal) {
    const char *name = signal_name(m->app_exit.signal);
    if (name) fprintf(f, "{\"signal\":\"%s\"}", name);
    else fprintf(f, "{\"signal\":\"SIG%d\"}", m->app_exit.signal);
  } else fprintf(f, "{\"code\":%d}", m->app_exit.code);
  fprintf(f, ",\"events\":%zu,\"execs\":%zu}\n", store_nrecords(), store_nexecs());
}

/* mkdir -p of the directory part of path. */
static void make_parent(const char *path) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) return;
  *slash = 0;
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    mkdir(dir, 0755);
    *p = '/';
  }
  mkdir(dir, 0755);
}

int report_write(const char *path, const struct report_meta *meta) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  make_parent(path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  FILE *f = fdopen(fd, "w");
  if (!f) { close(fd); return -1; }
  static char buf[1 << 16];
  setvbuf(f, buf, _IOFBF, sizeof buf);
  static unsigned seq;
  write_body(f, meta, ++seq);
  if (fflush(f) != 0 || ferror(f)) { int e = errno; fclose(f); unlink(tmp); errno = e; return -1; }
  if (fclose(f) != 0) { unlink(tmp); return -1; }
  if (rename(tmp, path) != 0) { int e = errno; unlink(tmp); errno = e; return -1; }
  return 0;
}
