import 'reflect-metadata';
// The model it produces is @baton/model; this library is the loader (YAML, files, validation).
export type { LoadOptions, LoadResult } from './load-result';
export { loadEnsembleText } from './load-ensemble-text';
export { loadEnsembleFile } from './files/load-ensemble-file';
export { loadEnsembleDir } from './files/load-ensemble-dir';
export type { EnsembleSet } from './checks/ensemble-set';
export { formatIssue } from './issues/format-issue';
export { dependencyGraph, formatDependencyGraph } from './graph/dependency-graph';
export type { DependencyGraph, DependencyGraphNode } from './graph/dependency-graph';
export { ensembleJsonSchema } from './json-schema/ensemble-json-schema';
export { ENSEMBLE_NAME, isEnsembleName, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from './dto/names';
export { YAML_LIMITS } from './yaml/yaml-limits';
