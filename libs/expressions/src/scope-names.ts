/**
 * The names the run scope provides (dsl.md, "Expressions"). Every other free name an expression
 * reads is an agent's name.
 */
export const SCOPE_NAMES: ReadonlySet<string> = new Set([
  'input',
  'state',
  'env',
  'loop',
  'ensemble',
  'execution',
  'component',
  'request',
  'event',
  'data',
  'timestamp',
]);
