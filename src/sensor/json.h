/* JSON string output: strict escaping, UTF-8 validation, hex for byte strings. */
#ifndef MINIFY_JSON_H
#define MINIFY_JSON_H
#include <stddef.h>
#include <stdio.h>

int utf8_valid(const char *p, size_t n);
/* Writes "..." for valid UTF-8; invalid bytes become U+FFFD. */
void json_string(FILE *f, const char *p, size_t n);
/* Writes "key":"..." when p is valid UTF-8, else "key_hex":"<hex bytes>". */
void json_path_field(FILE *f, const char *key, const char *p, size_t n);

#endif
