/**
 * The `think` operation: one prompt to Anthropic Messages (`POST {baseUrl}/v1/messages`) or OpenAI
 * Chat Completions (`POST {baseUrl}/chat/completions`, baseUrl ending in `/v1`), through the
 * outbound guard. Output: the text; `x.usage` holds `{ inputTokens, outputTokens, totalTokens }`.
 * `apiKey` defaults to ANTHROPIC_API_KEY / OPENAI_API_KEY, `provider` to anthropic, `max_tokens` to
 * 1024 (Anthropic requires one). 429 and 5xx are retried inside the attempt (model-call.ts).
 */
import { optionalString, requiredString } from '../config-fields';
import { endpoint, jsonField } from '../http/http-exchange';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, succeeded, type TaskOutcome, type TokenUsage } from '../outcome';
import { callModel } from './model-call';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const ANTHROPIC_VERSION = '2023-06-01';
export const DEFAULT_MAX_TOKENS = 1024;

interface Prompt {
  readonly model: string;
  readonly prompt: string;
  readonly system?: string;
  readonly maxTokens: number;
  readonly temperature?: number;
}

export async function runThink(request: OperationRequest): Promise<TaskOutcome> {
  const startedAt = Date.now();
  const { config } = request;
  const provider = config.provider ?? 'anthropic';
  if (provider !== 'anthropic' && provider !== 'openai')
    invalidConfig(`think provider must be anthropic or openai, not ${JSON.stringify(provider)}`);
  const prompt = promptOf(config);
  const envKey = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  const apiKey = requiredString(
    optionalString(config.apiKey, 'apiKey') ?? request.env[envKey],
    `apiKey (or ${envKey})`,
  );
  const baseUrl =
    optionalString(config.baseUrl, 'baseUrl') ??
    (provider === 'anthropic' ? ANTHROPIC_BASE_URL : OPENAI_BASE_URL);
  return provider === 'anthropic'
    ? askAnthropic(request, apiKey, baseUrl, prompt, startedAt)
    : askOpenAi(request, apiKey, baseUrl, prompt, startedAt);
}

async function askAnthropic(
  request: OperationRequest,
  apiKey: string,
  baseUrl: string,
  prompt: Prompt,
  startedAt: number,
): Promise<TaskOutcome> {
  const body = {
    model: prompt.model,
    max_tokens: prompt.maxTokens,
    ...(prompt.system === undefined ? {} : { system: prompt.system }),
    ...(prompt.temperature === undefined ? {} : { temperature: prompt.temperature }),
    messages: [{ role: 'user', content: prompt.prompt }],
  };
  const answer = await callModel(
    request,
    'Anthropic',
    {
      method: 'POST',
      url: endpoint(baseUrl, '/v1/messages'),
      headers: {
        'x-api-key': apiKey,
        'anthropic-version': ANTHROPIC_VERSION,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    },
    startedAt,
  );
  if ('ok' in answer) return answer;
  const content = jsonField(answer.text, 'content');
  const usage = jsonField(answer.text, 'usage') as
    { input_tokens?: unknown; output_tokens?: unknown } | undefined;
  if (!Array.isArray(content)) return unexpected('Anthropic', answer.text);
  const text = content
    .filter(
      (block): block is { type: 'text'; text: string } =>
        block?.type === 'text' && typeof block.text === 'string',
    )
    .map((block) => block.text)
    .join('');
  return succeeded(text, undefined, tokenUsage(usage?.input_tokens, usage?.output_tokens));
}

async function askOpenAi(
  request: OperationRequest,
  apiKey: string,
  baseUrl: string,
  prompt: Prompt,
  startedAt: number,
): Promise<TaskOutcome> {
  const body = {
    model: prompt.model,
    messages: [
      ...(prompt.system === undefined ? [] : [{ role: 'system', content: prompt.system }]),
      { role: 'user', content: prompt.prompt },
    ],
    max_completion_tokens: prompt.maxTokens,
    ...(prompt.temperature === undefined ? {} : { temperature: prompt.temperature }),
  };
  const answer = await callModel(
    request,
    'OpenAI',
    {
      method: 'POST',
      url: endpoint(baseUrl, '/chat/completions'),
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    startedAt,
  );
  if ('ok' in answer) return answer;
  const choices = jsonField(answer.text, 'choices');
  const usage = jsonField(answer.text, 'usage') as
    { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined;
  const message = Array.isArray(choices)
    ? (choices[0] as { message?: { content?: unknown } } | undefined)?.message
    : undefined;
  if (typeof message?.content !== 'string') return unexpected('OpenAI', answer.text);
  return succeeded(message.content, undefined, tokenUsage(usage?.prompt_tokens, usage?.completion_tokens));
}

function promptOf(config: OperationRequest['config']): Prompt {
  const maxTokens = config.max_tokens ?? config.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || (maxTokens as number) <= 0)
    invalidConfig(`max_tokens must be a positive whole number, not ${JSON.stringify(maxTokens)}`);
  const temperature = config.temperature;
  if (temperature !== undefined && typeof temperature !== 'number')
    invalidConfig(`temperature must be a number, not ${JSON.stringify(temperature)}`);
  // a prompt built as an object (an expression's value) is sent as its JSON
  const written = config.prompt;
  const promptText =
    typeof written === 'string' || written === undefined || written === null
      ? written
      : JSON.stringify(written);
  const system = optionalString(config.system, 'system');
  return {
    model: requiredString(config.model, 'model'),
    prompt: requiredString(promptText, 'prompt'),
    ...(system === undefined ? {} : { system }),
    maxTokens: maxTokens as number,
    ...(temperature === undefined ? {} : { temperature }),
  };
}

function tokenUsage(input: unknown, output: unknown): TokenUsage | undefined {
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  return { inputTokens: input, outputTokens: output, totalTokens: input + output };
}

function unexpected(provider: string, text: string): TaskOutcome {
  return failed('provider-error', `${provider} answered something unexpected: ${text.slice(0, 200)}`, {
    retryable: false,
  });
}
