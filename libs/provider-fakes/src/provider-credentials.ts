/** The credentials the fake providers accept; tests may replace any of them (e.g. with a canary). */
export interface ProviderCredentials {
  readonly twilio: { readonly accountSid: string; readonly authToken: string };
  readonly vonage: { readonly apiKey: string; readonly apiSecret: string };
  readonly sns: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly region: string };
  readonly resend: { readonly apiKey: string };
  readonly sendgrid: { readonly apiKey: string };
  readonly anthropic: { readonly apiKey: string };
  readonly openai: { readonly apiKey: string };
}

export const DEFAULT_CREDENTIALS: ProviderCredentials = {
  twilio: { accountSid: 'AC00000000000000000000000000000001', authToken: 'twilio-auth-token' },
  vonage: { apiKey: 'vonage-key', apiSecret: 'vonage-secret' },
  sns: { accessKeyId: 'AKIAFAKEPROVIDER001', secretAccessKey: 'fake/secret+access/key', region: 'eu-west-1' },
  resend: { apiKey: 're_fake_key' },
  sendgrid: { apiKey: 'SG.fake-key' },
  anthropic: { apiKey: 'sk-ant-fake' },
  openai: { apiKey: 'sk-fake' },
};
