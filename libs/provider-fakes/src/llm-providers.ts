/**
 * Anthropic Messages (`POST /v1/messages`) and OpenAI Chat Completions (`POST /v1/chat/completions`).
 * The answer repeats the prompt (`You said: …`, after the system prompt in brackets), and token
 * counts are word counts, so tests can check both.
 */
import { randomBytes } from 'node:crypto';
import type { ProviderHandler, ProviderName } from './provider-request';
import { bearerToken, isObject } from './provider-request';

function words(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function lastUserText(messages: unknown[]): string | undefined {
  const last = messages.findLast((message) => isObject(message) && message.role === 'user');
  return isObject(last) && typeof last.content === 'string' ? last.content : undefined;
}

function answer(system: string | undefined, prompt: string): string {
  return `${system === undefined ? '' : `[${system}] `}You said: ${prompt}`;
}

const anthropic: ProviderHandler = (request, { anthropic: credentials }) => {
  const error = (status: number, type: string, message: string) => ({
    status,
    body: { type: 'error', error: { type, message } },
  });
  if (request.headers['x-api-key'] !== credentials.apiKey)
    return error(401, 'authentication_error', 'invalid x-api-key');
  if (request.headers['anthropic-version'] === undefined)
    return error(400, 'invalid_request_error', 'anthropic-version: header is required');
  const body = isObject(request.body) ? request.body : {};
  if (typeof body.model !== 'string') return error(400, 'invalid_request_error', 'model: Field required');
  if (!Number.isInteger(body.max_tokens))
    return error(400, 'invalid_request_error', 'max_tokens: Field required');
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const prompt = lastUserText(messages);
  if (prompt === undefined)
    return error(400, 'invalid_request_error', 'messages: at least one user message is required');
  const system = typeof body.system === 'string' ? body.system : undefined;
  const text = answer(system, prompt);
  return {
    status: 200,
    headers: { 'request-id': `req_${randomBytes(8).toString('hex')}` },
    body: {
      id: `msg_${randomBytes(12).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: words(prompt) + words(system ?? ''), output_tokens: words(text) },
    },
  };
};

const openai: ProviderHandler = (request, { openai: credentials }) => {
  const error = (status: number, message: string, code: string | null) => ({
    status,
    body: { error: { message, type: 'invalid_request_error', param: null, code } },
  });
  const token = bearerToken(request.headers);
  if (token !== credentials.apiKey) {
    // OpenAI names a masked form of the key it was given: our redaction must cope with echoes.
    const masked = token === undefined ? 'none' : `${token.slice(0, 3)}****${token.slice(-2)}`;
    return error(401, `Incorrect API key provided: ${masked}.`, 'invalid_api_key');
  }
  const body = isObject(request.body) ? request.body : {};
  if (typeof body.model !== 'string') return error(400, 'you must provide a model parameter', null);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const prompt = lastUserText(messages);
  if (prompt === undefined) return error(400, "'messages' must contain a user message", null);
  const systemMessage = messages.find((message) => isObject(message) && message.role === 'system');
  const system =
    isObject(systemMessage) && typeof systemMessage.content === 'string' ? systemMessage.content : undefined;
  const text = answer(system, prompt);
  const promptTokens = words(prompt) + words(system ?? '');
  const completionTokens = words(text);
  return {
    status: 200,
    body: {
      id: `chatcmpl-${randomBytes(12).toString('hex')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
};

export const llmHandlers: {
  readonly [provider in Extract<ProviderName, 'anthropic' | 'openai'>]: ProviderHandler;
} = {
  anthropic,
  openai,
};
