/* Files the kernel loads for an exec without a syscall the tracer sees: #! interpreters, ELF PT_INTERP. */
#ifndef MINIFY_EXEC_INFO_H
#define MINIFY_EXEC_INFO_H
#include <sys/types.h>

/* Records (op exec, result 0) the script interpreter chain and ELF loader of the exec'd file. */
void exec_note_interpreters(pid_t pid, const char *path);

#endif
