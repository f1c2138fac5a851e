import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ParsedWith } from './config-metadata';
import { parseCommaList, parseInteger } from './env-parsers';

// Each rule carries the whole sentence an operator reads, so one failing variable gives one line.
// A rule on a non-string value also says how the text is parsed, so the two cannot disagree.

function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorator) => decorator(target, property));
}

/** Parses decimal integers. */
export function IsIntegerBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return allOf(
    ParsedWith(parseInteger),
    ValidateBy(
      {
        name: 'isIntegerBetween',
        constraints: [min, max],
        validator: {
          validate: (value: unknown) =>
            Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max,
          defaultMessage: () => `$property must be an integer between ${min} and ${max}`,
        },
      },
      options,
    ),
  );
}

/** A URL parsed by WHATWG `URL` whose scheme is one of `schemes` (written without `:`). */
export function IsUrlWithScheme(schemes: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlWithScheme',
      constraints: [schemes],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && schemes.includes(urlScheme(value) ?? ''),
        defaultMessage: () =>
          `$property must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
      },
    },
    options,
  );
}

/**
 * One URL, or several separated by commas (the servers of a cluster), each with one of `schemes`.
 * The text is kept as it is: the client splits it.
 */
export function IsUrlListWithScheme(
  schemes: readonly string[],
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlListWithScheme',
      constraints: [schemes],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          parseCommaList(value).length > 0 &&
          parseCommaList(value).every((url) => schemes.includes(urlScheme(url) ?? '')),
        defaultMessage: () =>
          `$property must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}, or a comma-separated list of them`,
      },
    },
    options,
  );
}

function urlScheme(text: string): string | undefined {
  return URL.canParse(text) ? new URL(text).protocol.slice(0, -1) : undefined;
}

export function IsOneOf(values: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOneOf',
      constraints: [values],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && values.includes(value),
        defaultMessage: () => `$property must be one of ${values.join(', ')}`,
      },
    },
    options,
  );
}

/** Parses a comma list, or `all` (any case) for every one of `values`; the list may not be empty. */
export function IsListOf(values: readonly string[], options?: ValidationOptions): PropertyDecorator {
  const parse = (text: string) => (text.trim().toLowerCase() === 'all' ? [...values] : parseCommaList(text));
  return allOf(
    ParsedWith(parse),
    ValidateBy(
      {
        name: 'isListOf',
        constraints: [values],
        validator: {
          validate: (value: unknown) =>
            Array.isArray(value) && value.length > 0 && value.every((entry) => values.includes(entry)),
          defaultMessage: () => `$property must be 'all' or a comma list of ${values.join(', ')}`,
        },
      },
      options,
    ),
  );
}

export function IsNonEmptyString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyString',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => '$property must be a non-empty string',
      },
    },
    options,
  );
}

/** An IP address (v4 or v6) or a host name to listen on. */
export function IsListenAddress(options?: ValidationOptions): PropertyDecorator {
  const hostName =
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
  return ValidateBy(
    {
      name: 'isListenAddress',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isIP(value) !== 0 || hostName.test(value)),
        defaultMessage: () => '$property must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name',
      },
    },
    options,
  );
}
