/* Parses /etc/passwd and /etc/group like Docker does for the image's User (names or numeric ids). */
#define _GNU_SOURCE
#include "user.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_num(const char *s, unsigned long *out) {
  if (!*s) return 0;
  char *end;
  *out = strtoul(s, &end, 10);
  return *end == 0;
}

/* Splits a colon-separated line into at most max fields in place. */
static int split(char *line, char **fields, int max) {
  int n = 0;
  fields[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == ':') { *p = 0; fields[n++] = p + 1; }
  char *nl = strchr(fields[n - 1], '\n');
  if (nl) *nl = 0;
  return n;
}

static int find_passwd(const char *user, struct run_user *u, char *name, size_t namesize) {
  FILE *f = fopen("/etc/passwd", "re");
  if (!f) return 0;
  char line[2048];
  unsigned long num = 0;
  int numeric = parse_num(user, &num), found = 0;
  while (fgets(line, sizeof line, f)) {
    char *fl[7];
    if (split(line, fl, 7) < 7) continue;
    unsigned long uid, gid;
    if (!parse_num(fl[2], &uid) || !parse_num(fl[3], &gid)) continue;
    if (numeric ? uid != num : strcmp(fl[0], user) != 0) continue;
    u->uid = (uid_t)uid;
    u->gid = (gid_t)gid;
    snprintf(u->home, sizeof u->home, "%s", fl[5]);
    snprintf(name, namesize, "%s", fl[0]);
    found = 1;
    break;
  }
  fclose(f);
  return found;
}

/* Resolves a group name or number; also collects supplementary groups naming `member`. */
static int scan_groups(const char *group, gid_t *gid, const char *member, struct run_user *u) {
  FILE *f = fopen("/etc/group", "re");
  unsigned long num = 0;
  int numeric = group && parse_num(group, &num), found = group ? numeric : 1;
  if (numeric) *gid = (gid_t)num;
  if (!f) return found;
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    char *fl[4];
    if (split(line, fl, 4) < 4) continue;
    unsigned long g;
    if (!parse_num(fl[2], &g)) continue;
    if (group && !numeric && strcmp(fl[0], group) == 0) { *gid = (gid_t)g; found = 1; }
    if (!member || !*member) continue;
    for (char *m = strtok(fl[3], ","); m; m = strtok(NULL, ","))
      if (strcmp(m, member) == 0 && u->ngroups < MAX_GROUPS) u->groups[u->ngroups++] = (gid_t)g;
  }
  fclose(f);
  return found;
}

int user_resolve(const char *spec, struct run_user *u, char *err, size_t errsize) {
  char buf[512], name[256] = "";
  snprintf(buf, sizeof buf, "%s", spec);
  char *group = strchr(buf, ':');
  if (group) *group++ = 0;
  memset(u, 0, sizeof *u);
  unsigned long num = 0;
  if (!find_passwd(buf, u, name, sizeof name)) {
    if (!parse_num(buf, &num)) {
      snprintf(err, errsize, "unknown user '%s' (not in /etc/passwd)", buf);
      return -1;
    }
    u->uid = (uid_t)num; /* Docker runs unknown numeric users with gid 0 */
  }
  gid_t gid = u->gid;
  if (!scan_groups(group, &gid, name, u)) {
    snprintf(err, errsize, "unknown group '%s' (not in /etc/group)", group);
    return -1;
  }
  u->gid = gid;
  if (u->ngroups < MAX_GROUPS) u->groups[u->ngroups++] = u->gid;
  return 0;
}
