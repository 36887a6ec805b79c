/* fanotify side of the sensor: whole-filesystem open/access/exec notifications. */
#ifndef MINIFY_FAN_H
#define MINIFY_FAN_H
#include <stddef.h>

/* Returns a non-blocking fanotify fd marked on "/", or -1 with a message in err. */
int fan_setup(char *err, size_t errsize);
/* Reads and records all queued events (ignores the sensor's own pid). */
void fan_drain(int fd);

#endif
