/**
 * Binds every identifier of a parsed expression (arrow parameter, allow-listed global or free name
 * read from the scope) and collects what the expression reads, for the engine's dependency
 * analysis: the free roots and their static member chains.
 */
import { ExpressionError } from '../expression-error';
import { type ExpressionNode, type IdentifierNode, childNodes } from './syntax-tree';

export interface NameUse {
  readonly roots: ReadonlySet<string>;
  readonly references: ReadonlyArray<readonly string[]>;
}

/** The scope name whose values are secrets; it may only be read one variable at a time. */
export const ENV_ROOT = 'env';

export function resolveNames(tree: ExpressionNode, globalNames: ReadonlySet<string>): NameUse {
  const roots = new Set<string>();
  const references: string[][] = [];
  const seen = new Set<string>();
  const record = (chain: string[]): void => {
    roots.add(chain[0]);
    const key = chain.join('\u0000');
    if (!seen.has(key)) {
      seen.add(key);
      references.push(chain);
    }
  };

  const bind = (node: IdentifierNode, scopes: readonly (readonly string[])[]): boolean => {
    for (let depth = scopes.length - 1; depth >= 0; depth--) {
      const index = scopes[depth].indexOf(node.name);
      if (index >= 0) {
        node.binding = { kind: 'local', hops: scopes.length - 1 - depth, index };
        return false;
      }
    }
    node.binding = globalNames.has(node.name) ? { kind: 'global' } : { kind: 'free' };
    return node.binding.kind === 'free';
  };

  // `asObject`: the identifier is the object of a member access, which is how `env` must be read.
  const visitIdentifier = (
    node: IdentifierNode,
    scopes: readonly (readonly string[])[],
    chain: string[],
    asObject: boolean,
  ): void => {
    if (!bind(node, scopes)) return;
    if (node.name === ENV_ROOT && !asObject) {
      throw new ExpressionError(
        'forbidden',
        'env can only be read one variable at a time: env.NAME or env[name]',
        node.start,
      );
    }
    record([node.name, ...chain]);
  };

  const visit = (node: ExpressionNode, scopes: readonly (readonly string[])[]): void => {
    switch (node.type) {
      case 'Identifier':
        visitIdentifier(node, scopes, [], false);
        return;
      case 'Member': {
        if (typeof node.property !== 'string') {
          if (node.object.type === 'Identifier') visitIdentifier(node.object, scopes, [], true);
          else visit(node.object, scopes);
          visit(node.property, scopes);
          return;
        }
        // Follow the static spine `a.b.c` down to its base; a computed member or a call ends it.
        const chain: string[] = [];
        let base: ExpressionNode = node;
        while (base.type === 'Member' && typeof base.property === 'string') {
          chain.unshift(base.property);
          base = base.object;
        }
        if (base.type === 'Identifier') visitIdentifier(base, scopes, chain, true);
        else visit(base, scopes);
        return;
      }
      case 'Call':
        // A method's name is not data: `x.outputs.every(f)` reads `x.outputs`.
        if (node.callee.type === 'Member' && typeof node.callee.property === 'string')
          visit(node.callee.object, scopes);
        else visit(node.callee, scopes);
        for (const argument of node.arguments)
          visit(argument.type === 'Spread' ? argument.argument : argument, scopes);
        return;
      case 'Arrow':
        visit(node.body, [...scopes, node.params]);
        return;
      default:
        for (const child of childNodes(node)) visit(child, scopes);
    }
  };

  visit(tree, []);
  return { roots, references };
}
