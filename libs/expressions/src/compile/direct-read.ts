/**
 * The fast path for the most common expression, a plain member chain such as
 * `input.order.customer.id`: when every name in it can be read directly (see isDirectlyReadable),
 * the chain compiles to one closure over the scope. A whole expression that is such a chain needs
 * no evaluation context at all; inside a larger expression it still saves a closure per link.
 * Short chains get an unrolled closure each, so V8 sees one property load per site.
 */
import { isDirectlyReadable } from '../evaluate/member-access';
import { ENV_ROOT } from '../syntax/resolve-names';
import type { ExpressionNode } from '../syntax/syntax-tree';
import type { Scope } from '../types';

export type DirectRead = (scope: Scope) => unknown;

type Bag = Record<string, unknown> | null | undefined;

/**
 * The reader for a tree that is a plain member chain from a scope name, or null. Optional links
 * (`a?.b`) are allowed only when the tree is a whole chain: for reads alone, stopping at a missing
 * link and reading on through undefined give the same result.
 */
export function directRead(tree: ExpressionNode): DirectRead | null {
  const names = tree.type === 'Chain' ? scopePath(tree.expression, true) : scopePath(tree, false);
  return names === null ? null : chainReader(names);
}

// `input.order.id` → ['input', 'order', 'id'] when every name may be read directly.
function scopePath(tree: ExpressionNode, allowOptional: boolean): string[] | null {
  let node = tree;
  const names: string[] = [];
  while (node.type === 'Member' && typeof node.property === 'string' && (allowOptional || !node.optional)) {
    names.unshift(node.property);
    node = node.object;
  }
  if (node.type !== 'Identifier' || node.binding?.kind !== 'free' || node.name === ENV_ROOT) return null;
  names.unshift(node.name);
  return names.every(isDirectlyReadable) ? names : null;
}

function chainReader(names: readonly string[]): DirectRead {
  const [a, b, c, d, e] = names;
  switch (names.length) {
    case 1:
      return (scope) => scope[a];
    case 2:
      return (scope) => {
        const first = scope[a] as Bag;
        return first == null ? undefined : first[b];
      };
    case 3:
      return (scope) => {
        const first = scope[a] as Bag;
        if (first == null) return undefined;
        const second = first[b] as Bag;
        return second == null ? undefined : second[c];
      };
    case 4:
      return (scope) => {
        const first = scope[a] as Bag;
        if (first == null) return undefined;
        const second = first[b] as Bag;
        if (second == null) return undefined;
        const third = second[c] as Bag;
        return third == null ? undefined : third[d];
      };
    case 5:
      return (scope) => {
        const first = scope[a] as Bag;
        if (first == null) return undefined;
        const second = first[b] as Bag;
        if (second == null) return undefined;
        const third = second[c] as Bag;
        if (third == null) return undefined;
        const fourth = third[d] as Bag;
        return fourth == null ? undefined : fourth[e];
      };
    default:
      return (scope) => {
        let value: unknown = scope;
        for (const name of names) {
          if (value === null || value === undefined) return undefined;
          value = (value as Record<string, unknown>)[name];
        }
        return value;
      };
  }
}
