/* In-memory store of what the sensor saw: unique (path, op, result) events, execs, warnings. */
#ifndef MINIFY_STORE_H
#define MINIFY_STORE_H
#include <stddef.h>
#include <sys/types.h>

enum op {
  OP_OPEN, OP_EXEC, OP_STAT, OP_ACCESS, OP_READLINK, OP_CHDIR, OP_MKDIR, OP_UNLINK, OP_RENAME,
  OP_FAN_OPEN, OP_FAN_ACCESS, OP_FAN_EXEC, OP_COUNT
};

struct record {
  char *path;
  size_t len;
  enum op op;
  int result;
  pid_t pid;
  char comm[17];
};

struct exec_rec {
  pid_t pid;
  char *path;
  size_t len;
  int argc;
  char **argv;
  size_t *arglen;
};

const char *op_name(enum op op);
int op_is_fanotify(enum op op);
/* Returns 1 when the event is new (and stored), 0 when it was seen before. */
int store_event(const char *path, size_t len, enum op op, int result, pid_t pid);
/* 1 when exactly this event is already recorded. */
int store_has(const char *path, size_t len, enum op op, int result);
void store_exec(pid_t pid, const char *path, size_t len, int argc, char *const *argv, const size_t *arglen);
void store_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

size_t store_nrecords(void);
const struct record *store_record(size_t i);
size_t store_nexecs(void);
const struct exec_rec *store_exec_at(size_t i);
size_t store_nwarnings(void);
const char *store_warning_at(size_t i);

#endif
