/* --deadline: the longest the app may run; then the sensor kills it and everything it started. */
#ifndef MINIFY_DEADLINE_H
#define MINIFY_DEADLINE_H
#include <sys/types.h>

#define EXIT_DEADLINE 124

/* Parses SECONDS (a positive integer) and starts the clock; returns 0, or -1 on a bad value. */
int deadline_start(const char *seconds);
/* Milliseconds left for poll(): -1 without a deadline, 0 once it has passed. */
int deadline_poll_ms(void);
long deadline_seconds(void);
/* SIGKILLs every other process of the container (PID 1) or the app (elsewhere), and reaps them. */
void deadline_kill_all(pid_t app);

#endif
