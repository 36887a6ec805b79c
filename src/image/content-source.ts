// Where the bytes of the kept regular files come from when a layer is written: the saved image's
// layer tars, or a container of the source image. The tar headers always come from the Manifest.
import type { Readable } from 'node:stream';
import type { FileEntry, ImagePath } from '../types.js';

/** One regular file whose bytes the layer needs. */
export interface ContentRequest {
  /** The file as its layer holds it: `layerIndex`, `path` in that layer's tar and `size`. */
  readonly entry: FileEntry;
  /**
   * A path holding the same bytes in the final image: the entry's own path, or a hardlink to it
   * (a link whose target a later layer deleted or replaced still has the bytes).
   */
  readonly finalPath: ImagePath;
}

/** A request's bytes; the stream holds exactly `request.entry.size` bytes. */
export interface Content {
  readonly request: ContentRequest;
  readonly stream: Readable;
}

export interface ContentSource {
  /**
   * Yields each request's bytes in request order; the consumer reads a stream to its end before it
   * asks for the next one. Throws UnsafeImageError when the source cannot give a file as the image has it.
   */
  contents(requests: readonly ContentRequest[]): AsyncIterable<Content>;
}
