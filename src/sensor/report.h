/* Writes the sensor's JSONL report (schema documented in README.md) atomically. */
#ifndef MINIFY_REPORT_H
#define MINIFY_REPORT_H

#define REPORT_SCHEMA 1

struct app_exit {
  int known;  /* 0: the app is still running */
  int code;   /* exit code, if !signal */
  int signal; /* terminating signal number, 0 if it exited */
};

struct report_meta {
  const char *mode;
  const char *started; /* ISO-8601 UTC */
  struct app_exit app_exit;
  int final;
};

/* Writes PATH.tmp then renames it over PATH. Returns 0 or -1 (errno set). */
int report_write(const char *path, const struct report_meta *meta);

#endif
