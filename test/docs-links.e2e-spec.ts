/**
 * The links of every Markdown file of the repository (README, docs/, each app's and library's README,
 * deploy/, examples/) work in a clone: each relative link names a file or folder of
 * the repository (never one outside it), and each `#anchor` a heading of its target.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './support/processes';

/** Folders that are not the repository's own documents: installed, built or generated. */
const NOT_DOCUMENTS = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.git', '.tools', '.baton', '.nx']);

/** Every Markdown file of the repository: READMEs of each app and library, docs/, deploy/, examples/. */
function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry: Dirent) => {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return NOT_DOCUMENTS.has(entry.name) ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const DOCUMENTS = markdownFiles('').sort();

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

function linksOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
}

describe('links of the README and docs', () => {
  it.each(DOCUMENTS)('%s links only to files of the repository, and to headings that exist', (document) => {
    const file = join(ROOT, document);
    const broken: string[] = [];
    for (const link of linksOf(file)) {
      if (/^[a-z]+:/i.test(link)) continue; // http(s), mailto: not files
      const [path, anchor] = link.split('#');
      const target = path === '' ? file : resolve(dirname(file), path);
      if (relative(ROOT, target).startsWith('..')) broken.push(`${link} (outside the repository)`);
      else if (!existsSync(target)) broken.push(`${link} (no such file)`);
      else if (anchor !== undefined && statSync(target).isFile() && !anchorsOf(target).has(anchor))
        broken.push(`${link} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });
});
