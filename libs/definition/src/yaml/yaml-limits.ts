/**
 * Limits a parsed YAML document must keep before it becomes a JavaScript value. Aliases make YAML a
 * graph: `toJS` shares one object per anchor, but every later step (validation, normalisation,
 * freezing, JSON.stringify when the revision is stored) walks it as a tree, so an alias bomb
 * (billion laughs: 9 aliases of 9 aliases of …) is exponential there, and an alias inside its own
 * anchor (`&a [*a]`) is a cycle that never ends. Deep nesting overflows recursive walkers. Each
 * problem is reported at the node that crosses the limit, so the issue names its line.
 */
import { type Document, isAlias, isCollection, isPair, isScalar, type Node } from 'yaml';

export interface YamlLimits {
  /** Alias nodes (`*name`) in one file. */
  readonly maxAliases: number;
  /** Nodes that aliases add when the document is read as a tree. */
  readonly maxAliasedNodes: number;
  /** Nesting of mappings and sequences, aliases followed. */
  readonly maxDepth: number;
}

/** Generous for ensembles (a shared block reused a few dozen times); far below what hurts. */
export const YAML_LIMITS: YamlLimits = { maxAliases: 1000, maxAliasedNodes: 10_000, maxDepth: 64 };

export interface YamlLimitProblem {
  readonly code: 'yaml-aliases' | 'yaml-too-deep' | 'duplicate-key';
  /** Offset in the parsed (protected) text. */
  readonly offset: number;
  readonly message: string;
}

interface Expansion {
  /** Nodes of the value as a tree. */
  readonly size: number;
  /** Nesting below the node. */
  readonly depth: number;
}

class LimitExceeded extends Error {
  constructor(readonly problem: YamlLimitProblem) {
    super(problem.message);
  }
}

/**
 * The offset of the first `[` or `{` that opens level `limit + 1`, counted over the raw text before
 * parsing (quotes are not told apart, so the limit is far above YAML_LIMITS.maxDepth): the YAML
 * parser recurses per flow level, and thousands of them cost it a stack overflow and seconds.
 */
export function flowNestingTooDeepAt(text: string, limit = 256): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '[' || character === '{') {
      if (++depth > limit) return index;
    } else if ((character === ']' || character === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

export function yamlLimitProblem(
  document: Document,
  limits: YamlLimits = YAML_LIMITS,
): YamlLimitProblem | undefined {
  try {
    new LimitWalk(document, limits).walk(document.contents as Node | null);
    return undefined;
  } catch (error) {
    if (error instanceof LimitExceeded) return error.problem;
    throw error;
  }
}

/**
 * One recursive walk that never goes deeper than `maxDepth` (it stops there), following aliases to
 * their anchors once each (memoised), so its cost is linear in the document.
 */
class LimitWalk {
  private readonly expansions = new Map<Node, Expansion>();
  private readonly inProgress = new Set<Node>();
  private aliases = 0;
  private aliasedNodes = 0;

  constructor(
    private readonly document: Document,
    private readonly limits: YamlLimits,
  ) {}

  walk(node: Node | null, level = 0): Expansion {
    if (node === null || isScalar(node)) return { size: 1, depth: 0 };
    if (isAlias(node)) return this.alias(node, level);
    const known = this.expansions.get(node);
    if (known !== undefined) return this.within(node, level, known);
    if (!isCollection(node)) return { size: 1, depth: 0 };
    if (level >= this.limits.maxDepth) {
      this.fail('yaml-too-deep', node, `the document is nested deeper than ${this.limits.maxDepth} levels`);
    }
    this.inProgress.add(node);
    let size = 1;
    let depth = 0;
    // yaml's own uniqueKeys check compares every key with every other (quadratic: 5,000 keys took
    // 2 s); a set of the keys as JavaScript will see them is linear, and stricter (`1` and "1").
    const keys = new Set<string>();
    for (const item of node.items as unknown[]) {
      if (isPair(item) && isScalar(item.key)) {
        const key = String(item.key.value);
        if (keys.has(key))
          this.fail('duplicate-key', item.key, `the key '${key.slice(0, 100)}' appears twice in one mapping`);
        keys.add(key);
      }
      const children = isPair(item) ? [item.key, item.value] : [item];
      for (const child of children) {
        const expansion = this.walk((child ?? null) as Node | null, level + 1);
        size += expansion.size;
        depth = Math.max(depth, expansion.depth + 1);
      }
    }
    this.inProgress.delete(node);
    const expansion = { size, depth };
    this.expansions.set(node, expansion);
    return expansion;
  }

  private alias(node: Node, level: number): Expansion {
    if (!isAlias(node)) return { size: 1, depth: 0 };
    if (++this.aliases > this.limits.maxAliases) {
      this.fail('yaml-aliases', node, `the document uses more than ${this.limits.maxAliases} aliases`);
    }
    const target = node.resolve(this.document) as Node | undefined;
    if (target === undefined) {
      this.fail('yaml-aliases', node, `alias *${node.source} names no anchor defined before it`);
    }
    if (this.inProgress.has(target)) {
      this.fail('yaml-aliases', node, `alias *${node.source} refers to a node that contains it (a cycle)`);
    }
    const expansion = this.walk(target, level);
    this.aliasedNodes += expansion.size;
    if (this.aliasedNodes > this.limits.maxAliasedNodes) {
      this.fail(
        'yaml-aliases',
        node,
        `aliases expand the document by more than ${this.limits.maxAliasedNodes} nodes (alias *${node.source})`,
      );
    }
    return this.within(node, level, expansion);
  }

  /** A node already measured, met again at `level`: its nesting still counts from here. */
  private within(node: Node, level: number, expansion: Expansion): Expansion {
    if (level + expansion.depth > this.limits.maxDepth) {
      this.fail('yaml-too-deep', node, `the document is nested deeper than ${this.limits.maxDepth} levels`);
    }
    return expansion;
  }

  private fail(code: YamlLimitProblem['code'], node: Node, message: string): never {
    throw new LimitExceeded({ code, offset: node.range?.[0] ?? 0, message });
  }
}
