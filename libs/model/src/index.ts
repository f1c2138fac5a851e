/**
 * @baton/model: the normalised ensemble model every service consumes (plain, frozen JSON), and the
 * few pure rules read off it. No I/O: the loader that builds it from YAML is @baton/definition.
 */
export * from './model';
export { parseDuration, DURATION_HINT } from './durations';
export { templatedConfig } from './templated-config';
export { emailTemplateFiles, templateFileKind, TEMPLATE_FILE_EXTENSIONS } from './template-files';
export type { TemplateFileKind } from './template-files';
export {
  DATABASE_EVENTS,
  MAX_WHERE_LENGTH,
  parseTableName,
  whereProblem,
  type DatabaseEvent,
} from './database-trigger';
export {
  CronSchedule,
  cronScheduleOf,
  cronNextFireAt,
  cronNeverFires,
  zonedIsoString,
  CRON_CATCH_UP_LIMIT,
} from './cron-schedule';
export type { CronScheduleSpec } from './cron-schedule';
