export { linearRegExp, MAX_PATTERN_LENGTH, unsupportedPattern } from './linear-regexp';
export type { PatternProblem } from './linear-regexp';
export { ajvFor, compileJsonSchema, readableErrors } from './schema-compiler';
export type { JsonSchema, SchemaCompilation } from './schema-compiler';
