/** Turns a YAML path, or an offset in the original text, into a position in the original file. */
import type { Document } from 'yaml';
import { type ProtectedText, toOriginalOffset } from '../text/protected-text';
import { TextPositions } from '../text/text-positions';
import { formatPath, locate, type YamlPath } from '../yaml/yaml-paths';

export interface Position {
  readonly line: number;
  readonly column: number;
  /** The path as written in the file. */
  readonly path: string;
}

export class SourceLocator {
  private readonly positions: TextPositions;

  constructor(
    private readonly protectedText: ProtectedText | undefined,
    private readonly document: Document | undefined,
    original: string,
  ) {
    this.positions = new TextPositions(original);
  }

  /** The value at `path` (or the key naming it), or the deepest enclosing node that exists. */
  atPath(path: YamlPath, at: 'key' | 'value' = 'value'): Position {
    if (!this.document || !this.protectedText) return { line: 1, column: 1, path: formatPath(path) };
    const found = locate(this.document, path);
    const offset = at === 'key' && found.keyOffset !== undefined ? found.keyOffset : found.offset;
    return { ...this.positions.at(toOriginalOffset(this.protectedText, offset)), path: found.path };
  }

  /** An offset in the protected text the YAML parser saw. */
  atProtectedOffset(offset: number, path: YamlPath = []): Position {
    const original = this.protectedText ? toOriginalOffset(this.protectedText, offset) : offset;
    return this.atOriginalOffset(original, path);
  }

  atOriginalOffset(offset: number, path: YamlPath = []): Position {
    const written = this.document && path.length > 0 ? locate(this.document, path).path : formatPath(path);
    return { ...this.positions.at(offset), path: written };
  }
}
