/* Scan output: byte strings as JSON strings (bytes >= 0x80 as \u00XX, so JSON.parse gives the
 * latin1 "byte string" the TypeScript side uses for paths) and base64. */
#ifndef MINIFY_SCAN_OUT_H
#define MINIFY_SCAN_OUT_H
#include <stddef.h>
#include <stdio.h>

void out_bytes(FILE *f, const char *p, size_t n);
void out_base64(FILE *f, const unsigned char *p, size_t n);

#endif
