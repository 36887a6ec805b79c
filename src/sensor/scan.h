/* `minify-sensor scan`: the image's filesystem as JSONL (see README.md, "Scan schema"). */
#ifndef MINIFY_SCAN_H
#define MINIFY_SCAN_H

/* argv[0] is "scan". Returns the process exit code. */
int scan_main(int argc, char **argv);

#endif
