/** Names the language refuses or reserves, in one place for the parser and the evaluator. */
import { ExpressionError } from '../expression-error';
import type { NameToken } from './tokens';

/** Member names that reach an object's machinery; refused statically and at run time. */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

/** Identifiers that would reach the host (code evaluation, the process, modules, the global object). */
export const FORBIDDEN_IDENTIFIERS: ReadonlySet<string> = new Set([
  'eval',
  'Function',
  'process',
  'require',
  'globalThis',
  'global',
  'module',
  'this',
]);

/** JavaScript words that are not expressions here; using one is a syntax error, not a scope read. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'let',
  'new',
  'return',
  'super',
  'switch',
  'throw',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'true',
  'false',
  'null',
]);

/** Refuses a name that cannot be read or bound as a variable (forbidden or reserved). */
export function checkBindable(token: NameToken): void {
  if (FORBIDDEN_IDENTIFIERS.has(token.value)) {
    throw new ExpressionError('forbidden', `'${token.value}' is not available in expressions`, token.start);
  }
  if (RESERVED_WORDS.has(token.value)) {
    throw new ExpressionError('syntax', `'${token.value}' is not supported in expressions`, token.start);
  }
}
