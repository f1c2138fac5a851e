export * from './types';
export { ExpressionError } from './expression-error';
export { findExpressions } from './find-expressions';
export { evaluateValue, valueReferences } from './deep-value';
export { GLOBAL_NAMES } from './globals/global-table';
export { SCOPE_NAMES } from './scope-names';
export { REDACTED, SecretSet, secretEnv } from './secrets';
export { DEFAULT_LIMITS } from './evaluate/evaluation';

import { compiledExpression } from './compile/compiled-expression';
import { compiledTemplate } from './template';
import type { Expression, Template } from './types';

/**
 * Compiles the body of a `${…}` (cached by source). Throws ExpressionError at compile time for a
 * syntax error or a forbidden construct, with `index` the offset in `source`.
 */
export function compileExpression(source: string): Expression {
  return compiledExpression(source);
}

/**
 * Compiles a text that may hold `${…}` placeholders (cached by text). Errors carry `index` as an
 * offset in `text`.
 */
export function compileTemplate(text: string): Template {
  return compiledTemplate(text);
}
