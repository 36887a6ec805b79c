/* `minify-sensor tar`: copy-out of kept files as a tar on stdout (see README.md). */
#ifndef MINIFY_TAR_H
#define MINIFY_TAR_H

/* argv[0] is "tar"; returns the process exit status. */
int tar_main(int argc, char **argv);

#endif
