/* JSON byte strings and base64 for the scan's JSONL (see scan-out.h). */
#include "scan-out.h"

void out_bytes(FILE *f, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned c = u[i];
    if (c == '"' || c == '\\') fputc('\\', f), fputc((int)c, f);
    else if (c < 0x20 || c >= 0x7f) fprintf(f, "\\u%04x", c);
    else fputc((int)c, f);
  }
  fputc('"', f);
}

void out_base64(FILE *f, const unsigned char *p, size_t n) {
  static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  fputc('"', f);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
    char q[4] = {abc[v >> 18], abc[(v >> 12) & 63], abc[(v >> 6) & 63], abc[v & 63]};
    fwrite(q, 1, 4, f);
  }
  if (n - i == 1) {
    unsigned v = (unsigned)p[i] << 16;
    fputc(abc[v >> 18], f), fputc(abc[(v >> 12) & 63], f), fputs("==", f);
  } else if (n - i == 2) {
    unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
    fputc(abc[v >> 18], f), fputc(abc[(v >> 12) & 63], f), fputc(abc[(v >> 6) & 63], f), fputc('=', f);
  }
  fputc('"', f);
}
