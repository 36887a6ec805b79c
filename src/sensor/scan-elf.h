/* The dynamic loader's inputs of one ELF file, read as src/plan/elf.ts parseElf reads them. */
#ifndef MINIFY_SCAN_ELF_H
#define MINIFY_SCAN_ELF_H
#include <stdint.h>
#include <stdio.h>

/* Reads from fd (a file of `avail` readable bytes: min(size, cap)) and writes ,"elf":{...} to out
 * when parseElf would return kind "elf" on those bytes; writes nothing for "not-elf"/"need-more".
 * Returns 1 if it wrote, 0 if not, -1 on a read error (errno set). */
int scan_elf(FILE *out, int fd, uint64_t avail);

#endif
