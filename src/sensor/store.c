/* Deduplicating in-memory store of sensor events (open-addressing hash set), execs and warnings. */
#define _GNU_SOURCE
#include "store.h"
#include "util.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[OP_COUNT] = {
  "open", "exec", "stat", "access", "readlink", "chdir", "mkdir", "unlink", "rename",
  "fanotify-open", "fanotify-access", "fanotify-exec",
};

static struct record *recs;
static size_t nrecs, caprecs;
static size_t *table; /* index + 1, 0 = empty */
static size_t tabcap;
static struct exec_rec *execs;
static size_t nexecs, capexecs;
static char *warnings[256];
static size_t nwarnings;

const char *op_name(enum op op) { return op_names[op]; }
int op_is_fanotify(enum op op) { return op >= OP_FAN_OPEN; }

static uint64_t hash_key(const char *p, size_t n, enum op op, int result) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
  h = (h ^ (uint64_t)op) * 1099511628211ULL;
  h = (h ^ (uint32_t)result) * 1099511628211ULL;
  return h;
}

static void grow_table(void) {
  size_t ncap = tabcap ? tabcap * 2 : 4096;
  size_t *nt = xcalloc(ncap, sizeof *nt);
  for (size_t i = 0; i < nrecs; i++) {
    struct record *r = &recs[i];
    size_t j = hash_key(r->path, r->len, r->op, r->result) & (ncap - 1);
    while (nt[j]) j = (j + 1) & (ncap - 1);
    nt[j] = i + 1;
  }
  free(table);
  table = nt;
  tabcap = ncap;
}

/* The slot holding this event, or the empty slot where it belongs (the table must exist). */
static size_t find_slot(const char *path, size_t len, enum op op, int result) {
  size_t j = hash_key(path, len, op, result) & (tabcap - 1);
  while (table[j]) {
    const struct record *r = &recs[table[j] - 1];
    if (r->op == op && r->result == result && r->len == len && memcmp(r->path, path, len) == 0) break;
    j = (j + 1) & (tabcap - 1);
  }
  return j;
}

int store_has(const char *path, size_t len, enum op op, int result) {
  return table && table[find_slot(path, len, op, result)] != 0;
}

int store_event(const char *path, size_t len, enum op op, int result, pid_t pid) {
  if ((nrecs + 1) * 2 > tabcap) grow_table();
  size_t j = find_slot(path, len, op, result);
  if (table[j]) return 0;
  if (nrecs == caprecs) {
    caprecs = caprecs ? caprecs * 2 : 1024;
    recs = xrealloc(recs, caprecs * sizeof *recs);
  }
  struct record *r = &recs[nrecs];
  r->path = xmemdup(path, len);
  r->len = len;
  r->op = op;
  r->result = result;
  r->pid = pid;
  proc_comm(pid, r->comm, sizeof r->comm);
  table[j] = ++nrecs;
  return 1;
}

void store_exec(pid_t pid, const char *path, size_t len, int argc, char *const *argv, const size_t *arglen) {
  if (nexecs == capexecs) {
    capexecs = capexecs ? capexecs * 2 : 64;
    execs = xrealloc(execs, capexecs * sizeof *execs);
  }
  struct exec_rec *e = &execs[nexecs++];
  e->pid = pid;
  e->path = xmemdup(path, len);
  e->len = len;
  e->argc = argc;
  e->argv = xcalloc((size_t)argc + 1, sizeof *e->argv);
  e->arglen = xcalloc((size_t)argc + 1, sizeof *e->arglen);
  for (int i = 0; i < argc; i++) {
    e->argv[i] = xmemdup(argv[i], arglen[i]);
    e->arglen[i] = arglen[i];
  }
}

void store_warning(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  for (size_t i = 0; i < nwarnings; i++)
    if (strcmp(warnings[i], buf) == 0) return;
  if (nwarnings < sizeof warnings / sizeof warnings[0]) warnings[nwarnings++] = xmemdup(buf, strlen(buf));
  fprintf(stderr, "minify-sensor: warning: %s\n", buf);
}

size_t store_nrecords(void) { return nrecs; }
const struct record *store_record(size_t i) { return &recs[i]; }
size_t store_nexecs(void) { return nexecs; }
const struct exec_rec *store_exec_at(size_t i) { return &execs[i]; }
size_t store_nwarnings(void) { return nwarnings; }
const char *store_warning_at(size_t i) { return warnings[i]; }
