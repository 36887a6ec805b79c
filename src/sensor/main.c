/* minify-sensor entrypoint: flags, launching the app, the PID-1 event loop, signals and reports. */
#define _GNU_SOURCE
#include "child.h"
#include "deadline.h"
#include "fan.h"
#include "report.h"
#include "scan.h"
#include "store.h"
#include "tar.h"
#include "trace.h"
#include "user.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_SENSOR 125

static const char *report_path = "/.minify/report.jsonl";
static struct report_meta meta = {.mode = "both"};
static char started[32];
static int fan_fd = -1, info_fd = -1;

static void usage(void) {
  fputs("usage: minify-sensor [--mode fanotify|ptrace|both|none] [--report FILE] [--user USER[:GROUP]] [--deadline SECONDS] -- PROG ARGS...\n", stderr);
}

static void write_report(int final) {
  if (fan_fd >= 0) fan_drain(fan_fd);
  meta.final = final;
  if (report_write(report_path, &meta) != 0)
    fprintf(stderr, "minify-sensor: cannot write %s: %s\n", report_path, strerror(errno));
}

/* Turns the child's info-pipe lines into warnings; returns 1 if it asked for all-syscall tracing. */
static int read_child_info(void) {
  char buf[4096];
  int all = 0;
  if (info_fd < 0) return 0;
  int flags = fcntl(info_fd, F_GETFL);
  fcntl(info_fd, F_SETFL, flags | O_NONBLOCK);
  ssize_t n = read(info_fd, buf, sizeof buf - 1);
  if (n <= 0) return 0;
  buf[n] = 0;
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == 'A') all = 1;
    else if (line[0] == 'W') store_warning("%s", line + 2);
    else if (line[0] == 'E') store_warning("app could not start: %s", strchr(line + 2, ' ') ? strchr(line + 2, ' ') + 1 : line + 2);
  }
  return all;
}

static _Noreturn void finish(int status) {
  read_child_info();
  meta.app_exit.known = 1;
  if (WIFSIGNALED(status)) meta.app_exit.signal = WTERMSIG(status);
  else meta.app_exit.code = WEXITSTATUS(status);
  write_report(1);
  exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
}

static _Noreturn void stop_at_deadline(pid_t app) {
  store_warning("deadline of %ld s reached (minify --max-run-time): killed the app and every process it started", deadline_seconds());
  deadline_kill_all(app);
  read_child_info();
  meta.app_exit.known = 1;
  meta.app_exit.signal = SIGKILL;
  write_report(1);
  exit(EXIT_DEADLINE);
}

static _Noreturn void fail_setup(const char *fmt, const char *arg) {
  char msg[600];
  snprintf(msg, sizeof msg, fmt, arg);
  fprintf(stderr, "minify-sensor: %s\n", msg);
  store_warning("sensor failed: %s", msg);
  write_report(1);
  exit(EXIT_SENSOR);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "scan") == 0) return scan_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "tar") == 0) return tar_main(argc - 1, argv + 1);
  const char *user = NULL;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) { i++; break; }
    if (i + 1 >= argc) { usage(); return EXIT_SENSOR; }
    if (strcmp(argv[i], "--mode") == 0) meta.mode = argv[++i];
    else if (strcmp(argv[i], "--report") == 0) report_path = argv[++i];
    else if (strcmp(argv[i], "--user") == 0) user = argv[++i];
    else if (strcmp(argv[i], "--deadline") == 0) {
      if (deadline_start(argv[++i]) != 0) { usage(); return EXIT_SENSOR; }
    }
    else { usage(); return EXIT_SENSOR; }
  }
  if (i >= argc || (strcmp(meta.mode, "both") && strcmp(meta.mode, "ptrace") && strcmp(meta.mode, "fanotify") && strcmp(meta.mode, "none"))) {
    usage();
    return EXIT_SENSOR;
  }
  time_t now = time(NULL);
  strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  meta.started = started;

  sigset_t mask;
  sigemptyset(&mask);
  /* Forwarded: the usual stop signals plus those images use as StopSignal (httpd: SIGWINCH). */
  int sigs[] = {SIGCHLD, SIGUSR1, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR2, SIGWINCH, SIGPWR};
  for (size_t s = 0; s < sizeof sigs / sizeof sigs[0]; s++) sigaddset(&mask, sigs[s]);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) fail_setup("signalfd: %s", strerror(errno));

  /* none: no tracing at all, only PID 1 duties and the deadline (a slim image verified bare). */
  int none = strcmp(meta.mode, "none") == 0;
  int want_fan = !none && strcmp(meta.mode, "ptrace") != 0, traced = !none && strcmp(meta.mode, "fanotify") != 0;
  if (want_fan) {
    char err[300];
    fan_fd = fan_setup(err, sizeof err);
    if (fan_fd < 0 && !traced) fail_setup("%s", err);
    if (fan_fd < 0) store_warning("%s; continuing with ptrace only", err);
  }
  struct run_user ru;
  if (user && *user) {
    char err[300];
    if (user_resolve(user, &ru, err, sizeof err) != 0) fail_setup("%s", err);
  }
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, "/");

  struct launch l = {.argv = argv + i, .user = (user && *user) ? &ru : NULL, .traced = traced};
  pid_t app = child_launch(&l, &info_fd);
  if (app < 0) fail_setup("fork: %s", strerror(errno));
  if (traced) {
    int status;
    if (waitpid(app, &status, __WALL) != app) fail_setup("waitpid: %s", strerror(errno));
    if (!WIFSTOPPED(status)) finish(status);
    trace_init(read_child_info(), cwd);
    if (trace_attach_root(app) != 0) fail_setup("ptrace(PTRACE_SETOPTIONS): %s", strerror(errno));
  }

  struct pollfd pfd[2] = {{.fd = sfd, .events = POLLIN}, {.fd = fan_fd, .events = POLLIN}};
  for (;;) {
    if (deadline_poll_ms() == 0) stop_at_deadline(app);
    if (poll(pfd, fan_fd >= 0 ? 2 : 1, deadline_poll_ms()) < 0 && errno != EINTR) fail_setup("poll: %s", strerror(errno));
    if (fan_fd >= 0 && (pfd[1].revents & POLLIN)) fan_drain(fan_fd);
    struct signalfd_siginfo si;
    while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
      int sig = (int)si.ssi_signo;
      if (sig == SIGUSR1) write_report(0);
      else if (sig != SIGCHLD) {
        kill(app, sig);
        /* If the app ignores it, docker's SIGKILL follows and no final report could be written. */
        write_report(0);
      }
    }
    for (;;) {
      int status;
      pid_t pid = waitpid(-1, &status, __WALL | WNOHANG);
      if (pid <= 0) break;
      if (WIFSTOPPED(status)) {
        if (traced) trace_on_stop(pid, status);
        continue;
      }
      if (traced) trace_forget(pid);
      if (pid == app) finish(status);
    }
  }
}
