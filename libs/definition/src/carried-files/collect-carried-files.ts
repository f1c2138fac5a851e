/**
 * The files a revision carries (dsl.md: "a registered revision carries the scripts, schemas and
 * templates it references"): `code` scripts, `validate` schemas, `${component.NAME@VERSION}`
 * files, a referenced input schema, and email template files. Each missing or invalid file is
 * reported where it is named.
 */
import type { IssueList } from '../issues/issue-list';
import { emailTemplateFiles, type Value } from '@baton/model';
import type { AgentDraft, EnsembleDraft } from '../normalise/draft';
import { validateSchemaOf } from '../checks/operation-config';
import type { ExpressionUse } from '../references/expression-uses';
import { nameIndex } from '../references/expression-uses';
import type { ExpressionTokens } from '../yaml/expression-tokens';
import type { YamlPath } from '../yaml/yaml-paths';
import { type ReadFile, relativeFilePath } from './file-source';
import { schemaProblem } from './json-schema-check';

export interface CarriedFiles {
  readonly files: { [path: string]: string };
  readonly components: { [ref: string]: unknown };
  /** The file each `code` agent's `config.script` resolved to, by agent name. */
  readonly scripts: Map<string, string>;
  readonly inputSchema?: { readonly [key: string]: unknown };
}

export function collectCarriedFiles(
  draft: EnsembleDraft,
  uses: readonly ExpressionUse[],
  tokens: ExpressionTokens,
  read: ReadFile,
  issues: IssueList,
): CarriedFiles {
  const carried: CarriedFiles = { files: {}, components: {}, scripts: new Map() };
  const collector = new Collector(carried, tokens, read, issues);
  for (const use of uses) collector.componentsOf(use);
  for (const agent of draft.defined) {
    if (agent.operation === 'code') collector.script(agent);
    if (agent.operation === 'validate') {
      const schema = validateSchemaOf(agent);
      if (schema) collector.schema(schema.value, schema.path, uses);
    }
    for (const [template, path] of emailTemplatesOf(agent)) {
      collector.emailTemplate(template, path, draft.settings.templates);
    }
  }
  const input = draft.inputSchema
    ? collector.schema(draft.inputSchema.value, draft.inputSchema.path, uses)
    : undefined;
  return input !== undefined && typeof input === 'object' && input !== null
    ? { ...carried, inputSchema: input as { [key: string]: unknown } }
    : carried;
}

class Collector {
  constructor(
    private readonly carried: CarriedFiles,
    private readonly tokens: ExpressionTokens,
    private readonly read: ReadFile,
    private readonly issues: IssueList,
  ) {}

  /** `scripts/name` as given, then with `.ts`, then with `.js`. */
  script(agent: AgentDraft): void {
    const written = agent.config.script;
    if (written === undefined) return;
    const path = [...agent.path, 'config', 'script'];
    if (typeof written !== 'string' || this.tokens.in(written).length > 0) {
      this.issues.error(
        'dynamic-file-reference',
        { path },
        'config.script must be a file path such as scripts/name: the file is read when the ensemble is registered',
      );
      return;
    }
    const base = this.relative(written, path);
    if (base === undefined) return;
    const candidates = /\.[cm]?[jt]s$/.test(base) ? [base] : [base, `${base}.ts`, `${base}.js`];
    const found = this.firstFile(candidates);
    if (!found) {
      this.issues.error(
        'missing-file',
        { path },
        `script '${written}' not found (looked for ${candidates.join(', ')})`,
      );
      return;
    }
    this.carried.scripts.set(agent.name, found);
  }

  /**
   * An email template named by an `email` agent (or the email channel of a notify): an entry of
   * `templates:` needs no file; otherwise the first of `emailTemplateFiles(name)` is carried. A name
   * that is an expression is resolved at run time among the entries and the carried files.
   */
  emailTemplate(written: Value, path: YamlPath, declared: { readonly [name: string]: unknown }): void {
    if (typeof written !== 'string' || this.tokens.in(written).length > 0) return;
    if (Object.hasOwn(declared, written)) return;
    const candidates = emailTemplateFiles(written);
    if (candidates.some((candidate) => relativeFilePath(candidate) !== candidate)) {
      this.issues.error(
        'invalid-file-path',
        { path },
        `template '${written}' must be a name such as welcome-email (or email/welcome-email), inside templates/`,
      );
      return;
    }
    if (this.firstFile(candidates) === undefined) {
      this.issues.error(
        'missing-template',
        { path },
        `template '${written}' is not defined under templates and no template file was found (looked for ${candidates.join(', ')})`,
      );
    }
  }

  /**
   * A schema written inline, as a file path (`schemas/x.json`), as a name (`x`), or as a component
   * reference. Returns the parsed schema when it is known at load time.
   */
  schema(value: Value, path: YamlPath, uses: readonly ExpressionUse[]): unknown {
    if (typeof value !== 'string') {
      this.checkSchema(value, path, true);
      return value;
    }
    const whole = this.tokens.whole(value);
    if (whole) {
      const use = uses.find((candidate) => candidate.token === whole);
      const ref = use ? componentRef(use) : undefined;
      if (ref === undefined || !(ref in this.carried.components)) return undefined;
      this.checkSchema(this.carried.components[ref], path, false);
      return this.carried.components[ref];
    }
    if (this.tokens.in(value).length > 0) return undefined;
    const file =
      /\.json$/.test(value) || value.includes('/') ? this.relative(value, path) : `schemas/${value}.json`;
    if (file === undefined) return undefined;
    if (this.read(file) === undefined) {
      this.issues.error('missing-schema', { path }, `schema '${value}' not found (looked for ${file})`);
      return undefined;
    }
    const parsed = this.parsedJson(file, path);
    if (parsed !== undefined) this.checkSchema(parsed, path, false);
    return parsed;
  }

  /** `${component.NAME@VERSION}`: `schemas/NAME@VERSION.json`, then `schemas/NAME.json`. */
  componentsOf(use: ExpressionUse): void {
    for (const chain of use.expression.references) {
      if (chain[0] !== 'component' || chain.length < 2) continue;
      const ref = chain[1];
      if (ref in this.carried.components) continue;
      const name = ref.split('@')[0];
      const candidates = [...new Set([`schemas/${ref}.json`, `schemas/${name}.json`])];
      const at = {
        path: use.path,
        originalOffset: use.token.originalOffset(nameIndex(use.token.source, 'component')),
      };
      const file = this.firstFile(candidates);
      if (!file) {
        this.issues.error(
          'missing-component',
          at,
          `component '${ref}' not found (looked for ${candidates.join(', ')})`,
        );
        continue;
      }
      const parsed = this.parsedJson(file, use.path);
      if (parsed !== undefined) this.carried.components[ref] = parsed;
    }
  }

  private checkSchema(schema: unknown, path: YamlPath, inline: boolean): void {
    const problem = schemaProblem(schema);
    if (problem) {
      this.issues.error(
        'invalid-json-schema',
        { path: inline ? [...path, ...problem.at] : path },
        `not a valid JSON Schema: ${problem.message}`,
      );
    }
  }

  private firstFile(candidates: readonly string[]): string | undefined {
    for (const candidate of candidates) {
      const text = this.read(candidate);
      if (text !== undefined) {
        this.carried.files[candidate] = text;
        return candidate;
      }
    }
    return undefined;
  }

  private parsedJson(file: string, path: YamlPath): unknown {
    const text = this.carried.files[file] ?? this.read(file);
    if (text === undefined) return undefined;
    this.carried.files[file] = text;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // JSON.parse reports bad JSON as a SyntaxError; say which file
      if (!(error instanceof SyntaxError)) throw error;
      this.issues.error('invalid-json', { path }, `${file} is not valid JSON: ${error.message}`);
      return undefined;
    }
  }

  private relative(written: string, path: YamlPath): string | undefined {
    const relative = relativeFilePath(written);
    if (relative === undefined) {
      this.issues.error(
        'invalid-file-path',
        { path },
        `'${written}' must be a path inside the ensembles directory, such as scripts/name`,
      );
    }
    return relative;
  }
}

/**
 * Where an agent names an email template: `config.template` of an `email` agent, and
 * `channels.email.template` of a `notify` agent or of a wait's `notify`.
 */
function emailTemplatesOf(agent: AgentDraft): [Value, YamlPath][] {
  const config = [...agent.path, 'config'];
  if (agent.operation === 'email' && agent.config.template !== undefined)
    return [[agent.config.template, [...config, 'template']]];
  const notify =
    agent.operation === 'notify'
      ? agent.config
      : agent.operation === 'wait'
        ? agent.config.notify
        : undefined;
  const notifyPath = agent.operation === 'wait' ? [...config, 'notify'] : config;
  const email = mapping(mapping(notify)?.channels)?.email;
  const template = mapping(email)?.template;
  return template === undefined ? [] : [[template, [...notifyPath, 'channels', 'email', 'template']]];
}

function mapping(value: Value | undefined): { readonly [key: string]: Value } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as { readonly [key: string]: Value })
    : undefined;
}

/** The component an expression is exactly (`component.x@v1.0.0`), if it is one. */
function componentRef(use: ExpressionUse): string | undefined {
  const references = use.expression.references;
  if (references.length !== 1 || references[0][0] !== 'component' || references[0].length !== 2)
    return undefined;
  return references[0][1];
}
