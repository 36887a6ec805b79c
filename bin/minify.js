#!/usr/bin/env -S node --
// The installed entry point: runs the compiled CLI (`npm run build` writes dist/). The `--` ends
// Node's own options: Node 20 otherwise takes an `--env-file` anywhere in argv (minify run's flag) as its own.
import '../dist/cli/main.js';
