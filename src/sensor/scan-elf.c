/* A port of src/plan/elf.ts parseElf over pread: the same checks in the same order, so a scan gives
 * the facts the save path captures (test/e2e/scan-manifest.test.ts compares every ELF file). */
#define _GNU_SOURCE
#include "scan-elf.h"
#include "scan-out.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3

typedef unsigned __int128 u128;

struct elf_reader {
  int fd;
  uint64_t avail;
  int is64, le, failed;
};

/* Bytes [off, off+n) of the file; 0 when they lie beyond avail (the caller answers need-more). */
static int rd(struct elf_reader *r, u128 off, void *buf, size_t n) {
  if (off + n > r->avail) return 0;
  size_t done = 0;
  while (done < n) {
    ssize_t got = pread(r->fd, (char *)buf + done, n - done, (off_t)(off + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) { r->failed = 1; return 0; }
    done += (size_t)got;
  }
  return 1;
}

static uint64_t num(const struct elf_reader *r, const unsigned char *p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++) v |= (uint64_t)p[r->le ? i : bytes - 1 - i] << (8 * i);
  return v;
}

struct phdr { uint64_t type, offset, vaddr, filesz; };

/* cString(buf, start, end): bytes up to the first NUL at or after start, if that NUL is at most end.
 * Returns a malloc'd copy and its length, or NULL. */
static char *c_string(struct elf_reader *r, u128 start, u128 end, size_t *len) {
  size_t cap = 256, n = 0;
  char *s = malloc(cap);
  if (!s) return NULL;
  for (u128 at = start; at <= end && at < r->avail; at++) {
    unsigned char c;
    if (!rd(r, at, &c, 1)) break;
    if (c == 0) { *len = n; return s; }
    if (n + 1 >= cap) {
      char *t = realloc(s, cap *= 2);
      if (!t) break;
      s = t;
    }
    s[n++] = (char)c;
  }
  free(s);
  return NULL;
}

static void put_str(FILE *out, const char *key, const char *s, size_t n) {
  fprintf(out, ",\"%s\":", key);
  out_bytes(out, s, n);
}

/* `"key":[...]`: the strings split on ':' with empty parts dropped (rpath/runpath) or whole (needed). */
static void put_list(FILE *out, const char *key, char **strs, size_t *lens, int count, int split) {
  fprintf(out, ",\"%s\":[", key);
  int first = 1;
  for (int i = 0; i < count; i++) {
    size_t start = 0;
    for (size_t j = 0; j <= lens[i]; j++) {
      if (split && j < lens[i] && strs[i][j] != ':') continue;
      if (!split && j < lens[i]) continue;
      if (!split || j > start) {
        if (!first) fputc(',', out);
        out_bytes(out, strs[i] + start, j - start);
        first = 0;
      }
      start = j + 1;
    }
  }
  fputc(']', out);
}

/* Room for one more string in a list (grown in powers of two). */
static int grow(char ***strs, size_t **lens, int count) {
  /* Full at 0 and at every power of two from 8 on. */
  if (count == 0 || (count >= 8 && !(count & (count - 1)))) {
    size_t cap = count ? (size_t)count * 2 : 8;
    char **s = realloc(*strs, cap * sizeof *s);
    if (!s) return 0;
    *strs = s;
    size_t *l = realloc(*lens, cap * sizeof *l);
    if (!l) return 0;
    *lens = l;
  }
  return 1;
}

static void put_head(FILE *out, int is64, unsigned machine) {
  fprintf(out, ",\"elf\":{\"class\":%d,\"machine\":%u", is64 ? 64 : 32, machine);
}

int scan_elf(FILE *out, int fd, uint64_t avail) {
  struct elf_reader r = {.fd = fd, .avail = avail};
  unsigned char h[64];
  if (!rd(&r, 0, h, 64)) return r.failed ? -1 : 0;
  if (memcmp(h, "\x7f" "ELF", 4) != 0) return 0;
  if ((h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2)) return 0;
  r.is64 = h[4] == 2;
  r.le = h[5] == 1;
  unsigned machine = (unsigned)num(&r, h + 18, 2);
  uint64_t phoff = r.is64 ? num(&r, h + 32, 8) : num(&r, h + 28, 4);
  unsigned phentsize = (unsigned)num(&r, h + (r.is64 ? 54 : 42), 2);
  unsigned phnum = (unsigned)num(&r, h + (r.is64 ? 56 : 44), 2);
  if (phnum == 0) {
    put_head(out, r.is64, machine);
    fputs(",\"needed\":[],\"rpath\":[],\"runpath\":[]}", out);
    return 1;
  }
  if (phentsize < (r.is64 ? 56u : 32u) || phnum > 4096) return 0;
  if ((u128)phoff + (u128)phentsize * phnum > avail) return 0;
  static struct phdr ph[4096];
  for (unsigned i = 0; i < phnum; i++) {
    unsigned char e[56];
    if (!rd(&r, (u128)phoff + (u128)i * phentsize, e, r.is64 ? 56 : 32)) return r.failed ? -1 : 0;
    if (r.is64) ph[i] = (struct phdr){num(&r, e, 4), num(&r, e + 8, 8), num(&r, e + 16, 8), num(&r, e + 32, 8)};
    else ph[i] = (struct phdr){num(&r, e, 4), num(&r, e + 4, 4), num(&r, e + 8, 4), num(&r, e + 16, 4)};
  }
  const struct phdr *interp = NULL, *dyn = NULL;
  for (unsigned i = 0; i < phnum; i++) {
    if (!interp && ph[i].type == PT_INTERP) interp = &ph[i];
    if (!dyn && ph[i].type == PT_DYNAMIC) dyn = &ph[i];
  }
  char *interp_s = NULL;
  size_t interp_n = 0;
  if (interp) {
    u128 end = (u128)interp->offset + interp->filesz;
    if (end > avail) return 0;
    interp_s = c_string(&r, interp->offset, end, &interp_n);
    if (!interp_s) {
      interp_n = (size_t)interp->filesz;
      interp_s = malloc(interp_n ? interp_n : 1);
      if (!interp_s || !rd(&r, interp->offset, interp_s, interp_n)) { free(interp_s); return r.failed ? -1 : 0; }
    }
  }
  int rc = 0;
  char **strs[3] = {NULL, NULL, NULL};
  size_t *lens[3] = {NULL, NULL, NULL};
  int counts[3] = {0, 0, 0};
  char *soname = NULL;
  size_t soname_n = 0;
  if (dyn) {
    u128 dyn_end = (u128)dyn->offset + dyn->filesz;
    if (dyn_end > avail) goto done;
    unsigned ent = r.is64 ? 16 : 8, w = ent / 2;
    uint64_t strtab = 0, strsz = 0;
    int has_strtab = 0, has_strsz = 0;
    /* First pass: DT_STRTAB and DT_STRSZ (the first of each), as the TS `find` does. */
    for (u128 o = dyn->offset; o + ent <= dyn_end; o += ent) {
      unsigned char e[16];
      if (!rd(&r, o, e, ent)) { rc = r.failed ? -1 : 0; goto done; }
      uint64_t tag = num(&r, e, (int)w), val = num(&r, e + w, (int)w);
      if (tag == 0) break;
      if (tag == 5 && !has_strtab) strtab = val, has_strtab = 1;
      if (tag == 10 && !has_strsz) strsz = val, has_strsz = 1;
    }
    if (has_strtab) {
      const struct phdr *load = NULL;
      for (unsigned i = 0; i < phnum && !load; i++)
        if (ph[i].type == PT_LOAD && strtab >= ph[i].vaddr && (u128)strtab < (u128)ph[i].vaddr + ph[i].filesz) load = &ph[i];
      if (!load) goto done;
      u128 str_off = (u128)strtab - load->vaddr + load->offset;
      u128 str_end = str_off + strsz;
      if (str_end > avail) goto done;
      for (u128 o = dyn->offset; o + ent <= dyn_end; o += ent) {
        unsigned char e[16];
        if (!rd(&r, o, e, ent)) { rc = r.failed ? -1 : 0; goto done; }
        uint64_t tag = num(&r, e, (int)w), val = num(&r, e + w, (int)w);
        if (tag == 0) break;
        int slot = tag == 1 ? 0 : tag == 15 ? 1 : tag == 29 ? 2 : tag == 14 ? 3 : -1;
        if (slot < 0) continue;
        size_t n = 0;
        char *s = c_string(&r, str_off + val, str_end, &n);
        if (r.failed) { free(s); rc = -1; goto done; }
        if (!s) s = calloc(1, 1), n = 0;
        if (slot == 3) { free(soname); soname = s; soname_n = n; continue; }
        if (!grow(&strs[slot], &lens[slot], counts[slot])) { free(s); rc = -1; goto done; }
        strs[slot][counts[slot]] = s;
        lens[slot][counts[slot]++] = n;
      }
    }
  }
  put_head(out, r.is64, machine);
  put_list(out, "needed", strs[0], lens[0], counts[0], 0);
  put_list(out, "rpath", strs[1], lens[1], counts[1], 1);
  put_list(out, "runpath", strs[2], lens[2], counts[2], 1);
  if (interp_s) put_str(out, "interp", interp_s, interp_n);
  if (soname) put_str(out, "soname", soname, soname_n);
  fputc('}', out);
  rc = 1;
done:
  free(interp_s);
  free(soname);
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < counts[k]; i++) free(strs[k][i]);
  for (int k = 0; k < 3; k++) free(strs[k]), free(lens[k]);
  return rc;
}
