/* Resolves --user USER[:GROUP] from the container's /etc/passwd and /etc/group (no NSS when static). */
#ifndef MINIFY_USER_H
#define MINIFY_USER_H
#include <stddef.h>
#include <sys/types.h>

#define MAX_GROUPS 64

struct run_user {
  uid_t uid;
  gid_t gid;
  gid_t groups[MAX_GROUPS];
  size_t ngroups;
  char home[1024]; /* from /etc/passwd, empty if unknown */
};

/* Returns 0, or -1 with a message in err (unknown name). */
int user_resolve(const char *spec, struct run_user *out, char *err, size_t errsize);

#endif
