import { ExpressionError } from '../expression-error';
import { type ExpressionNode, childNodes } from './syntax-tree';

/** Deepest syntax tree, which also bounds member chains (`a.b.c…`) and operator chains (`1+1+…`). */
export const MAX_SYNTAX_DEPTH = 256;

// Loops build long member and operator chains without recursing; this bounds the tree they make,
// so that resolving, compiling and evaluating it can recurse safely.
export function checkDepth(tree: ExpressionNode): void {
  const pending: [ExpressionNode, number][] = [[tree, 1]];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const [node, depth] = item;
    if (depth > MAX_SYNTAX_DEPTH) {
      throw new ExpressionError(
        'limit',
        `expression nested too deeply (more than ${MAX_SYNTAX_DEPTH} levels)`,
        node.start,
      );
    }
    for (const child of childNodes(node)) pending.push([child, depth + 1]);
  }
}
