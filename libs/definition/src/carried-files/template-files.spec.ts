import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionOf, FIXTURES, issuesOf, summary } from '../__fixtures__/fixtures';

const text = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

describe('templates', () => {
  const definition = definitionOf('valid/templates.yaml');

  it('loads the flat spelling of an http template as the http-request one', () => {
    expect(definition.templates['ping-flat']).toEqual(definition.templates['ping-nested']);
    expect(definition.templates['ping-flat']).toEqual({
      type: 'http-request',
      request: {
        method: 'POST',
        url: 'https://hooks.example.com/{{id}}',
        headers: { 'x-id': '{{id}}' },
        body: { id: '{{id}}', note: '${input.note}' },
      },
    });
  });

  it('carries the email template files named by email agents and notify channels, in Conductor’s layout', () => {
    expect(Object.keys(definition.files).sort()).toEqual([
      'templates/email/order-receipt.hbs',
      'templates/email/welcome-email.html',
      'templates/newsletter.mjml',
    ]);
    expect(definition.files['templates/email/welcome-email.html']).toBe(
      text('templates/email/welcome-email.html'),
    );
  });

  it('needs no file for a template that is an entry of templates:', () => {
    const agent = definition.agents.find((candidate) => candidate.name === 'from-entry');
    expect(agent?.config.template).toBe('notice');
  });

  it('refuses a template that is neither an entry nor a file, naming every place it looked', () => {
    expect(summary(issuesOf('invalid/missing-template.yaml'))).toEqual([
      "5:44 error missing-template template 'welcome-mail' is not defined under templates and no template file was found (looked for templates/email/welcome-mail.html, templates/email/welcome-mail.hbs, templates/email/welcome-mail.mjml, templates/welcome-mail.html, templates/welcome-mail.hbs, templates/welcome-mail.mjml)",
      "10:47 error missing-template template 'nowhere' is not defined under templates and no template file was found (looked for templates/email/nowhere.html, templates/email/nowhere.hbs, templates/email/nowhere.mjml, templates/nowhere.html, templates/nowhere.hbs, templates/nowhere.mjml)",
    ]);
  });
});
