/* Reads an exec'd file's head to record its #! interpreter chain and ELF program interpreter. */
#define _GNU_SOURCE
#include "exec-info.h"
#include "store.h"
#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static void note(pid_t pid, const char *path, int depth) {
  if (depth > 4) return;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  unsigned char head[4096];
  ssize_t n = pread(fd, head, sizeof head, 0);
  char interp[4096];
  interp[0] = 0;
  if (n > 2 && head[0] == '#' && head[1] == '!') {
    size_t i = 2, j = 0;
    while (i < (size_t)n && (head[i] == ' ' || head[i] == '\t')) i++;
    while (i < (size_t)n && j + 1 < sizeof interp && head[i] != ' ' && head[i] != '\t' && head[i] != '\n' && head[i] != 0)
      interp[j++] = (char)head[i++];
    interp[j] = 0;
  } else if (n >= (ssize_t)sizeof(Elf64_Ehdr) && memcmp(head, ELFMAG, SELFMAG) == 0 && head[EI_CLASS] == ELFCLASS64) {
    Elf64_Ehdr eh;
    memcpy(&eh, head, sizeof eh);
    for (unsigned k = 0; k < eh.e_phnum && k < 64; k++) {
      Elf64_Phdr ph;
      if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (Elf64_Off)k * eh.e_phentsize)) != (ssize_t)sizeof ph) break;
      if (ph.p_type != PT_INTERP || ph.p_filesz == 0 || ph.p_filesz >= sizeof interp) continue;
      if (pread(fd, interp, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) interp[0] = 0;
      else interp[ph.p_filesz] = 0;
      break;
    }
  }
  close(fd);
  if (interp[0] != '/') return;
  store_event(interp, strlen(interp), OP_EXEC, 0, pid);
  note(pid, interp, depth + 1);
}

void exec_note_interpreters(pid_t pid, const char *path) { note(pid, path, 0); }
