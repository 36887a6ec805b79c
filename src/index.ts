// The package's public surface: what a probe file imports (`import type { ProbeContext } from '@minify-tool/minify'`).
export {
  ProbeFailure,
  type CommandResult, type HttpExpect, type HttpOptions, type HttpPostOptions, type HttpResponse,
  type Probe, type ProbeContext, type ProbeFn, type ProbeHttp,
} from './probes/types.js';
