/**
 * The fenced examples of the README and docs, as test/docs-examples.e2e-spec.ts checks them.
 *
 * A block's info string is its language, then words and `key=value` attributes (a value with spaces
 * in single quotes):
 * - ```` ```yaml ```` an ensemble, or a part of one (top-level keys without `ensemble:`/`name:`),
 *   which the test completes with a name and, when it has none, one agent;
 * - `runnable input='<json>' [output='<json>'] [status=<status>]`: also started on a real stack with
 *   that input; it must end with that status (default `completed`) and an output containing `output`;
 * - `validate=later`: uses a feature this branch's loader does not know yet, so it must be refused
 *   today; the merger removes the marker when the feature lands;
 * - `file=<path>` (any language): a file beside the document's ensembles (`scripts/x.ts`,
 *   `schemas/x.json`), written next to each of its examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MarkdownBlock {
  /** `docs/language.md:42`: where the block opens. */
  readonly where: string;
  readonly language: string;
  readonly flags: ReadonlySet<string>;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface YamlExample extends MarkdownBlock {
  /** The ensemble's name: written in the block, or made from where it is. */
  readonly name: string;
  /** The ensemble file as the test writes it (a part completed into an ensemble). */
  readonly ensemble: string;
}

const FENCE = /^(`{3,})(.*)$/;
const ATTRIBUTE = /([A-Za-z][\w-]*)(?:=(?:'([^']*)'|(\S+)))?/g;

/** README.md and every docs/*.md, relative to the repository root. */
export function documentsOf(root: string): string[] {
  return [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((file) => file.endsWith('.md'))
      .sort()
      .map((file) => `docs/${file}`),
  ];
}

export function blocksOf(document: string, text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]);
    if (!open) continue;
    const fence = open[1];
    const end = lines.findIndex((line, at) => at > index && line.trimEnd() === fence);
    if (end === -1) throw new Error(`${document}:${index + 1}: a fenced block that never closes`);
    const [language = '', ...rest] = open[2].trim().split(/\s+/);
    const flags = new Set<string>();
    const attributes: Record<string, string> = {};
    for (const match of rest.join(' ').matchAll(ATTRIBUTE)) {
      const value = match[2] ?? match[3];
      if (value === undefined) flags.add(match[1]);
      else attributes[match[1]] = value;
    }
    blocks.push({
      where: `${document}:${index + 1}`,
      language,
      flags,
      attributes,
      text: lines.slice(index + 1, end).join('\n') + '\n',
    });
    index = end;
  }
  return blocks;
}

const NAME_KEY = /^(?:ensemble|name):\s*([a-z0-9][a-z0-9-]*)\s*(?:#.*)?$/m;

/** The YAML blocks of a document, each as an ensemble file (parts completed). */
export function yamlExamplesOf(document: string, text: string): YamlExample[] {
  return blocksOf(document, text)
    .filter((block) => block.language === 'yaml' && block.attributes.file === undefined)
    .map((block) => {
      const named = NAME_KEY.exec(block.text);
      if (named) return { ...block, name: named[1], ensemble: block.text };
      const name = `docs-${block.where
        .replace(/\.md:/, '-')
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()}`;
      const hasAgents = /^(?:agents|flow):/m.test(block.text);
      const agents = hasAgents
        ? ''
        : 'agents:\n  - { name: noop, operation: transform, config: { value: 1 } }\n';
      return { ...block, name, ensemble: `ensemble: ${name}\n${block.text}${agents}` };
    });
}

/** The `file=` blocks of a document, by path. */
export function filesOf(document: string, text: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const block of blocksOf(document, text)) {
    if (block.attributes.file !== undefined) files[block.attributes.file] = block.text;
  }
  return files;
}

export function readDocument(root: string, document: string): string {
  return readFileSync(join(root, document), 'utf8');
}
