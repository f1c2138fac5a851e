/**
 * An email agent's `template` + `data`: an entry of `templates:` (the `email` channel of a
 * `notification` template), else a file the revision carries, found in the order of
 * `emailTemplateFiles` (@baton/model, shared with the loader). `{{name}}` placeholders are filled
 * from `data`, HTML-escaped in HTML; `.hbs` files are Handlebars (which escapes `{{x}}` likewise);
 * `.mjml` files are filled, then compiled to HTML with mjml.
 */
import { emailTemplateFiles, templateFileKind, type Value } from '@baton/model';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { BoundedCache } from '../bounded-cache';
import type { Fields } from '../config-fields';
import { fillText } from '../http/request-template';
import type { OperationRequest } from '../operation';
import { failed, messageOf, OperationFailure } from '../outcome';

/** What a template may give an email; the agent's own config wins over it. */
export type EmailTemplateFields = Partial<
  Record<'to' | 'cc' | 'bcc' | 'from' | 'replyTo' | 'subject' | 'html' | 'text', unknown>
>;

const COMPILED_TEMPLATES = 500;
// Handlebars compiles a template to a function once; the revision's files never change.
const handlebarsTemplates = new BoundedCache<string, Handlebars.TemplateDelegate>(COMPILED_TEMPLATES);
const handlebars = Handlebars.create();

export async function renderEmailTemplate(
  request: OperationRequest,
  name: string,
  data: unknown,
): Promise<EmailTemplateFields> {
  const entry = request.definition.templates[name];
  if (entry !== undefined) return fromEntry(request, name, entry, data);
  const candidates = emailTemplateFiles(name);
  const file = candidates.find((candidate) => Object.hasOwn(request.definition.files, candidate));
  if (file === undefined) {
    throw new OperationFailure(
      failed(
        'unknown-template',
        `template '${name}' is neither an entry of templates nor a template file of ensemble '${request.definition.name}' (looked for ${candidates.join(', ')})`,
        { retryable: false },
      ),
    );
  }
  return { html: await renderFile(request, file, data) };
}

function fromEntry(
  request: OperationRequest,
  name: string,
  entry: OperationRequest['definition']['templates'][string],
  data: unknown,
): EmailTemplateFields {
  const email = entry.type === 'notification' ? entry.channels.email : undefined;
  if (typeof email !== 'object' || email === null || Array.isArray(email)) {
    throw new OperationFailure(
      failed(
        'unknown-template',
        `template '${name}' has no email channel (it is ${entry.type === 'notification' ? 'a notification template without email' : `an ${entry.type} template`})`,
        { retryable: false },
      ),
    );
  }
  const evaluated = request.evaluate(email as Value) as Fields;
  return fillEmailFields(evaluated, data);
}

/** Placeholders of an email's fields: escaped in `html`, as they are elsewhere. */
export function fillEmailFields(fields: Fields, data: unknown): EmailTemplateFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, fillField(value, data, key === 'html')]),
  );
}

function fillField(value: unknown, data: unknown, html: boolean): unknown {
  if (typeof value === 'string') return fillText(value, data, { html });
  if (Array.isArray(value)) return value.map((item) => fillField(item, data, html));
  return value;
}

async function renderFile(request: OperationRequest, file: string, data: unknown): Promise<string> {
  const text = request.definition.files[file];
  const kind = templateFileKind(file);
  if (kind === 'html') return fillText(text, data, { html: true });
  if (kind === 'handlebars') {
    const key = `${request.definition.name}@${request.task.revision}:${file}`;
    let template = handlebarsTemplates.get(key);
    if (template === undefined) {
      template = handlebars.compile(text);
      handlebarsTemplates.set(key, template);
    }
    return renderOrFail(file, () => template(data ?? {}));
  }
  const filled = fillText(text, data, { html: true });
  const result = await mjml2html(filled, { validationLevel: 'soft' }).catch((error: unknown) => {
    throw templateFailure(file, messageOf(error));
  });
  return result.html;
}

function renderOrFail(file: string, render: () => string): string {
  try {
    return render();
  } catch (error) {
    throw templateFailure(file, messageOf(error));
  }
}

function templateFailure(file: string, reason: string): OperationFailure {
  return new OperationFailure(
    failed('invalid-config', `template ${file} could not be rendered: ${reason}`, { retryable: false }),
  );
}
