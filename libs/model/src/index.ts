/**
 * @baton/model: the normalised ensemble model every service consumes (plain, frozen JSON), and the
 * few pure rules read off it. No I/O: the loader that builds it from YAML is @baton/definition.
 */
export * from './model';
export { parseDuration, DURATION_HINT } from './durations';
export { templatedConfig } from './templated-config';
