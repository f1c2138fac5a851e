/**
 * A real SMTP server (smtp-server) on a free 127.0.0.1 port that parses every message it accepts
 * (mailparser), as a mail relay would receive it: the envelope (bcc recipients are only there), the
 * parsed headers and parts, and the user that logged in. With `users`, AUTH (PLAIN or LOGIN) is
 * required and checked; STARTTLS is off so plain local tests need no certificate.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The user that authenticated, when the server asked for AUTH. */
  readonly user?: string;
  readonly authMethod?: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  readonly messageId?: string;
  readonly headers: ParsedMail['headers'];
}

export interface FakeSmtp {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Authentication attempts: the user name and method, and whether it was accepted (never the password). */
  readonly logins: { readonly user: string; readonly method: string; readonly accepted: boolean }[];
  /** `smtp://user:pass@127.0.0.1:<port>` (user and password URL-encoded), or without credentials. */
  url(credentials?: { readonly user: string; readonly password: string }): string;
  close(): Promise<void>;
}

export async function startFakeSmtp(options: { users?: Record<string, string> } = {}): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const logins: FakeSmtp['logins'] = [];
  const users = options.users;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: users === undefined,
    logger: false,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      const accepted = users !== undefined && Object.hasOwn(users, user) && users[user] === auth.password;
      logins.push({ user, method: auth.method, accepted });
      if (!accepted) {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        return;
      }
      callback(null, { user });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const login = session.user === undefined ? undefined : logins.findLast((entry) => entry.accepted);
          received.push({
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            ...(session.user === undefined ? {} : { user: String(session.user) }),
            ...(login === undefined ? {} : { authMethod: login.method }),
            from: addresses(parsed.from),
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            ...(parsed.subject === undefined ? {} : { subject: parsed.subject }),
            ...(parsed.text === undefined ? {} : { text: parsed.text }),
            ...(parsed.html === false ? {} : { html: parsed.html }),
            ...(parsed.messageId === undefined ? {} : { messageId: parsed.messageId }),
            headers: parsed.headers,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    logins,
    url(credentials) {
      const auth =
        credentials === undefined
          ? ''
          : `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`;
      return `smtp://${auth}127.0.0.1:${port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((object) =>
    object.value.map((entry) => entry.address ?? ''),
  );
}
