/** Syntax highlighting (highlight.js core with the few languages the pages show). */
import hljs from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('json', json);
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('typescript', typescript);

export type Language = 'json' | 'yaml' | 'typescript' | 'plaintext';

/** HTML with the text escaped and its tokens wrapped in `hljs-*` spans. */
export function highlighted(text: string, language: Language): string {
  if (language === 'plaintext') return escapeHtml(text);
  return hljs.highlight(text, { language, ignoreIllegals: true }).value;
}

export function languageOfPath(path: string): Language {
  if (/\.(ts|js|mjs|cjs|mts|cts)$/.test(path)) return 'typescript';
  if (/\.json$/.test(path)) return 'json';
  if (/\.ya?ml$/.test(path)) return 'yaml';
  return 'plaintext';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
