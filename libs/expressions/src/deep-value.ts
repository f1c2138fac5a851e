/**
 * Definitions hold templates anywhere in nested objects and arrays (an agent's `input`, `config`).
 * These walk such a value: every string is a template; keys are kept as written.
 */
import { compiledTemplate } from './template';
import { Evaluation } from './evaluate/evaluation';
import { defineOwn, isPlainObject } from './evaluate/member-access';
import type { EvaluateOptions, Scope } from './types';

/**
 * The value with every string evaluated as a template, objects and arrays rebuilt. All its
 * templates share one evaluation: one budget, one `now`.
 */
export function evaluateValue(value: unknown, scope: Scope, options?: EvaluateOptions): unknown {
  const evaluation = new Evaluation(scope, options);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return compiledTemplate(node).evaluateIn(evaluation);
    if (Array.isArray(node)) {
      evaluation.enter();
      const result = node.map(walk);
      evaluation.leave();
      return result;
    }
    if (!isPlainObject(node)) return node;
    evaluation.enter();
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(node)) defineOwn(result, key, walk(node[key]));
    evaluation.leave();
    return result;
  };
  return walk(value);
}

/** Every member chain read by the templates of a value (see Expression.references), each once. */
export function valueReferences(value: unknown): ReadonlyArray<readonly string[]> {
  const references: (readonly string[])[] = [];
  const seen = new Set<string>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      for (const expression of compiledTemplate(node).expressions) {
        for (const chain of expression.references) {
          const key = chain.join('\u0000');
          if (!seen.has(key)) {
            seen.add(key);
            references.push(chain);
          }
        }
      }
    } else if (Array.isArray(node) || isPlainObject(node)) {
      // Pushed in reverse so that references come out in reading order.
      const children = Object.values(node);
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
    }
  }
  return references;
}
