/* The sensor's self-stop: a trace or verify container whose controller died (kill -9 of minify, a
 * lost CI runner) must not run for good with SYS_ADMIN/SYS_PTRACE and a published port. */
#define _GNU_SOURCE
#include "deadline.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long limit_s = 0;
static struct timespec started;

int deadline_start(const char *seconds) {
  char *end = NULL;
  long value = strtol(seconds, &end, 10);
  if (!end || *end || value <= 0) return -1;
  limit_s = value;
  clock_gettime(CLOCK_MONOTONIC, &started);
  return 0;
}

long deadline_seconds(void) { return limit_s; }

int deadline_poll_ms(void) {
  if (limit_s == 0) return -1;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long long elapsed = (long long)(now.tv_sec - started.tv_sec) * 1000 + (now.tv_nsec - started.tv_nsec) / 1000000;
  long long left = (long long)limit_s * 1000 - elapsed;
  if (left <= 0) return 0;
  return left > 60000 ? 60000 : (int)left;
}

void deadline_kill_all(pid_t app) {
  /* As PID 1, kill(-1) reaches every other process of the container's PID namespace (also
   * `docker exec` ones); anywhere else only the app is ours to kill. */
  if (getpid() == 1) kill(-1, SIGKILL);
  else kill(app, SIGKILL);
  while (waitpid(-1, NULL, __WALL) > 0) {}
}
