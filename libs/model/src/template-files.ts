/**
 * Where an email template named `welcome` lives beside the ensemble when `templates:` has no entry of
 * that name (Conductor's layout): `templates/email/welcome.html`, `.hbs` (Handlebars), `.mjml`, then
 * `templates/welcome.*`. The loader carries the first that exists; the worker looks in the same order
 * among the files the revision carries, so both read this one list.
 */
export const TEMPLATE_FILE_EXTENSIONS = ['.html', '.hbs', '.mjml'] as const;
export type TemplateFileKind = 'html' | 'handlebars' | 'mjml';

export function emailTemplateFiles(name: string): string[] {
  const written = TEMPLATE_FILE_EXTENSIONS.some((extension) => name.endsWith(extension));
  const names = written ? [name] : TEMPLATE_FILE_EXTENSIONS.map((extension) => `${name}${extension}`);
  return [...names.map((file) => `templates/email/${file}`), ...names.map((file) => `templates/${file}`)];
}

/** How a template file is rendered, by its extension. */
export function templateFileKind(path: string): TemplateFileKind {
  if (path.endsWith('.hbs')) return 'handlebars';
  if (path.endsWith('.mjml')) return 'mjml';
  return 'html';
}
