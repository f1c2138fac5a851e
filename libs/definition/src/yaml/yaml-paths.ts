/** Paths into a YAML document (`agents[2].retry.max_attempts`) and the nodes they lead to. */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';

export type PathSegment = string | number;
export type YamlPath = readonly PathSegment[];

export function formatPath(path: YamlPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_$@-]+$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export interface NodeLocation {
  /** Offset (in the parsed, protected text) of the value at the path, or of the deepest node that exists. */
  readonly offset: number;
  /** Offset of the key that names the value, when the path ends at a mapping key. */
  readonly keyOffset?: number;
  /** The path as written in the file (a single mapping used where a list is accepted has no `[0]`). */
  readonly path: string;
}

export function locate(document: Document, path: YamlPath): NodeLocation {
  let node: unknown = document.contents;
  let keyNode: Node | undefined;
  const written: PathSegment[] = [];
  let offset = rangeStart(node) ?? 0;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    if (isAlias(node)) node = node.resolve(document);
    if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      keyNode = undefined;
    } else if (isMap(node) && typeof segment === 'number' && segment === 0) {
      // a single mapping written where a list is accepted (e.g. `trigger: { type: cron, … }`)
      continue;
    } else if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return { offset, path: formatPath([...written, ...path.slice(index)]) };
      keyNode = pair.key as Node;
      node = pair.value;
    } else {
      return { offset, path: formatPath([...written, ...path.slice(index)]) };
    }
    written.push(segment);
    offset = rangeStart(node) ?? rangeStart(keyNode) ?? offset;
  }
  const keyOffset = rangeStart(keyNode);
  return keyOffset === undefined
    ? { offset, path: formatPath(written) }
    : { offset, keyOffset, path: formatPath(written) };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
