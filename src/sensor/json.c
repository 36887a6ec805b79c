/* JSON string escaping and UTF-8 validation for report lines. */
#define _GNU_SOURCE
#include "json.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned min;
  if ((c & 0xe0) == 0xc0) { len = 2; min = 0x80; c &= 0x1f; }
  else if ((c & 0xf0) == 0xe0) { len = 3; min = 0x800; c &= 0x0f; }
  else if ((c & 0xf8) == 0xf0) { len = 4; min = 0x10000; c &= 0x07; }
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80) return 0;
    c = (c << 6) | (p[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  return len;
}

int utf8_valid(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  for (size_t i = 0; i < n;) {
    size_t l = utf8_seq(u + i, n - i);
    if (!l) return 0;
    i += l;
  }
  return 1;
}

void json_string(FILE *f, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  fputc('"', f);
  for (size_t i = 0; i < n;) {
    unsigned c = u[i];
    if (c >= 0x80) {
      size_t l = utf8_seq(u + i, n - i);
      if (l) fwrite(u + i, 1, l, f), i += l;
      else fputs("\\ufffd", f), i++;
      continue;
    }
    switch (c) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
      else fputc((int)c, f);
    }
    i++;
  }
  fputc('"', f);
}

void json_path_field(FILE *f, const char *key, const char *p, size_t n) {
  if (utf8_valid(p, n)) {
    fprintf(f, "\"%s\":", key);
    json_string(f, p, n);
    return;
  }
  fprintf(f, "\"%s_hex\":\"", key);
  for (size_t i = 0; i < n; i++) fprintf(f, "%02x", (unsigned char)p[i]);
  fputc('"', f);
}
