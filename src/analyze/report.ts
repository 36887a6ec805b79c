// The analysis input and the AnalysisReport that `minify analyze` prints (text or JSON).
import type { SizeNode } from '../report/size-tree.js';
import type { ImageConfig, ImagePath, LayerListing, Manifest } from '../types.js';

export interface AnalysisLayerInput {
  readonly index: number;
  readonly diffId: string;
  readonly storedSize: number;
  readonly createdBy?: string;
}

export interface AnalysisInput {
  readonly listings: readonly LayerListing[];
  readonly manifest: Manifest;
  readonly config: ImageConfig;
  readonly layers: readonly AnalysisLayerInput[];
  /** Contents of the files the ecosystem readers ask for (ecosystem wantsText), by path (final versions). */
  readonly textFiles: ReadonlyMap<ImagePath, string>;
  /** How many biggest files / dirs / inefficiencies to list (default 10). */
  readonly top?: number;
}

export interface LayerSummary {
  readonly index: number;
  readonly diffId: string;
  /** Sum of the entry sizes in the layer's tar headers (dive's layer size). */
  readonly size: number;
  readonly storedSize: number;
  readonly instruction: string;
  /** Non-directory entries new to the image, replacing an earlier one, and whiteout deletions. */
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

export interface Inefficiency {
  readonly path: ImagePath;
  /** Layers that hold or delete this path. */
  readonly count: number;
  /** dive's cumulative size: all occurrences summed, the surviving one included. */
  readonly bytes: number;
}

export type JunkKind =
  | 'git' | 'coverage' | 'npm-cache' | 'yarn-cache' | 'pip-cache' | 'apt-cache' | 'apt-lists'
  | 'pycache' | 'node-tests' | 'tests' | 'docs' | 'toolchain' | 'logs' | 'tmp-archive' | 'dev-dependency';

export interface JunkFinding {
  readonly kind: JunkKind;
  /** The dir or file to remove; may end in a glob segment (`/app/node_modules/*\/test`) when it groups many. */
  readonly path: ImagePath;
  readonly bytes: number;
  /** Files it covers. */
  readonly files: number;
  readonly suggestion: string;
}

export interface AnalysisReport {
  /** Filled by the pipeline (the pure analysis does not know the image's name). */
  readonly image?: { readonly name: string; readonly id: string; readonly repoTags: readonly string[] };
  readonly layers: readonly LayerSummary[];
  /** Sum of layer sizes (dive's "Total Image size"). */
  readonly totalSize: number;
  /** Bytes of the files in the flattened image. */
  readonly finalSize: number;
  readonly fileCount: number;
  /** dive's wasted bytes: cumulative sizes of every path found in two or more layers. */
  readonly wastedBytes: number;
  /** dive's efficiency score in 0..1. */
  readonly efficiency: number;
  readonly inefficiencies: readonly Inefficiency[];
  /** Bytes that later layers delete (whiteouts, opaque dirs): still shipped, never seen. Not in dive's score. */
  readonly deletedBytes: number;
  readonly deleted: readonly { readonly path: ImagePath; readonly bytes: number; readonly layerIndex: number }[];
  readonly biggestFiles: readonly { readonly path: ImagePath; readonly size: number; readonly layerIndex: number }[];
  readonly biggestDirs: readonly { readonly path: ImagePath; readonly size: number }[];
  readonly junk: readonly JunkFinding[];
  /** Bytes of all junk findings (non-overlapping). */
  readonly junkBytes: number;
  /** The image by directory, small entries folded (what `--html` draws as a treemap). */
  readonly tree: SizeNode;
}
