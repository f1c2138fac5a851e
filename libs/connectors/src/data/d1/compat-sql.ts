/**
 * The SQLite compatibility layer installed in the data database (schema `baton_d1`) for `data`
 * agents with `backend: d1`: SQLite's date and time functions (time values, modifiers and strftime
 * formats as https://sqlite.org/lang_datefunc.html describes them, in UTC), its scalar and aggregate
 * functions that PostgreSQL lacks, and operators for what SQLite converts silently (`||` on
 * numbers, arithmetic and comparisons between text and numbers). Every statement is idempotent
 * (CREATE OR REPLACE, or guarded by an existence check), so the script may run again on upgrade;
 * the installer runs it under an advisory lock (compat-installer.ts).
 */

export const COMPAT_SCHEMA = 'baton_d1';

/** Bump when the script changes: databases with an older version get it again. */
export const COMPAT_VERSION = 1;

const TIME_FUNCTIONS = `
CREATE SCHEMA IF NOT EXISTS baton_d1;

-- A time value as SQLite reads it: 'now', YYYY-MM-DD[ HH:MM[:SS[.SSS]]][Z|±HH:MM], HH:MM[:SS[.SSS]],
-- or a number (a Julian day, or Unix seconds after 'unixepoch'). NULL when it is none of these.
CREATE OR REPLACE FUNCTION baton_d1.parse_time_text(value text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  p text[];
  t timestamp;
BEGIN
  p := regexp_match(value,
    '^(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?)?\\s*(Z|z|[-+]\\d{2}:\\d{2})?$');
  IF p IS NULL THEN
    p := regexp_match(value, '^(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?\\s*(Z|z|[-+]\\d{2}:\\d{2})?$');
    IF p IS NULL THEN RETURN NULL; END IF;
    p := ARRAY['2000', '01', '01'] || p;
  END IF;
  IF p[2]::int NOT BETWEEN 1 AND 12 OR p[3]::int NOT BETWEEN 1 AND 31
     OR coalesce(p[4], '0')::int > 24 OR coalesce(p[5], '0')::int > 59 OR coalesce(p[6], '0')::int > 59 THEN
    RETURN NULL;
  END IF;
  -- SQLite does not check the day against the month: 2023-02-30 is 2023-03-02.
  t := make_date(p[1]::int, p[2]::int, 1) + (p[3]::int - 1) * interval '1 day'
       + coalesce(p[4], '0')::int * interval '1 hour' + coalesce(p[5], '0')::int * interval '1 minute'
       + (coalesce(p[6], '0') || coalesce(p[7], ''))::numeric * interval '1 second';
  IF p[8] IS NOT NULL AND upper(p[8]) <> 'Z' THEN
    t := t - (substr(p[8], 1, 1) || '1')::int
           * (substr(p[8], 2, 2)::int * interval '1 hour' + substr(p[8], 5, 2)::int * interval '1 minute');
  END IF;
  RETURN t;
END
$fn$;

CREATE OR REPLACE FUNCTION baton_d1.julian_to_time(day numeric) RETURNS timestamp
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT timestamp '1970-01-01' + (day - 2440587.5) * interval '1 day'
$fn$;

-- Applies SQLite's modifiers in order; NULL for one it does not know (as SQLite does).
CREATE OR REPLACE FUNCTION baton_d1.sqlite_time(value text, modifiers text[]) RETURNS timestamp
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  t timestamp;
  m text;
  p text[];
  amount numeric;
  first_index int := 1;
  number numeric;
  target int;
BEGIN
  IF value IS NULL THEN RETURN NULL; END IF;
  value := btrim(value);
  IF lower(value) = 'now' THEN
    t := statement_timestamp() AT TIME ZONE 'UTC';
  ELSIF value ~ '^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?$' THEN
    number := value::numeric;
    m := lower(btrim(coalesce(modifiers[1], '')));
    IF m = 'unixepoch' OR (m = 'auto' AND NOT number BETWEEN 0 AND 5373484.499999) THEN
      t := timestamp '1970-01-01' + number * interval '1 second';
      first_index := 2;
    ELSE
      IF m IN ('julianday', 'auto') THEN first_index := 2; END IF;
      t := baton_d1.julian_to_time(number);
    END IF;
  ELSE
    t := baton_d1.parse_time_text(value);
  END IF;
  IF t IS NULL THEN RETURN NULL; END IF;
  FOR i IN first_index .. coalesce(array_length(modifiers, 1), 0) LOOP
    m := lower(btrim(modifiers[i]));
    IF m IS NULL THEN RETURN NULL; END IF;
    p := regexp_match(m, '^([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s+(day|hour|minute|second|month|year)s?$');
    IF p IS NOT NULL THEN
      amount := p[1]::numeric;
      IF p[2] IN ('month', 'year') THEN
        -- SQLite moves the month field and lets the day overflow: Jan 31 + 1 month is Mar 2 or 3.
        amount := trunc(amount) * CASE p[2] WHEN 'year' THEN 12 ELSE 1 END;
        t := make_date(extract(year FROM t)::int, 1, 1)
             + ((extract(month FROM t)::int - 1) + amount::int) * interval '1 month'
             + (extract(day FROM t)::int - 1) * interval '1 day' + (t - date_trunc('day', t));
      ELSE
        t := t + amount * ('1 ' || p[2])::interval;
      END IF;
      CONTINUE;
    END IF;
    p := regexp_match(m, '^([-+])(\\d{2}):(\\d{2})(?::(\\d{2}(?:\\.\\d+)?))?$');
    IF p IS NOT NULL THEN
      t := t + (p[1] || '1')::int * (p[2]::int * interval '1 hour' + p[3]::int * interval '1 minute'
               + coalesce(p[4], '0')::numeric * interval '1 second');
      CONTINUE;
    END IF;
    IF m = 'start of day' THEN t := date_trunc('day', t);
    ELSIF m = 'start of month' THEN t := date_trunc('month', t);
    ELSIF m = 'start of year' THEN t := date_trunc('year', t);
    ELSIF m ~ '^weekday [0-6]$' THEN
      target := substr(m, 9, 1)::int;
      t := t + ((target - extract(dow FROM t)::int + 7) % 7) * interval '1 day';
    ELSIF m IN ('utc', 'localtime', 'subsec', 'subsecond') THEN
      NULL; -- Times are UTC here: there is no local time to convert to or from.
    ELSE
      RETURN NULL;
    END IF;
  END LOOP;
  RETURN t;
END
$fn$;

-- strftime's format: %d %e %f %F %G %g %H %I %j %J %k %l %m %M %p %P %R %s %S %T %u %U %V %w %W %Y %%.
CREATE OR REPLACE FUNCTION baton_d1.format_time(t timestamp, format text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  result text := '';
  c text;
  i int := 1;
  yday int;
  wday int;
BEGIN
  IF t IS NULL OR format IS NULL THEN RETURN NULL; END IF;
  WHILE i <= length(format) LOOP
    c := substr(format, i, 1);
    IF c <> '%' THEN
      result := result || c;
      i := i + 1;
      CONTINUE;
    END IF;
    c := substr(format, i + 1, 1);
    i := i + 2;
    yday := extract(doy FROM t)::int - 1;
    wday := extract(dow FROM t)::int;
    result := result || CASE c
      WHEN 'd' THEN to_char(t, 'DD')
      WHEN 'e' THEN lpad(extract(day FROM t)::int::text, 2)
      WHEN 'f' THEN to_char(t, 'SS.MS')
      WHEN 'F' THEN to_char(t, 'YYYY-MM-DD')
      WHEN 'G' THEN to_char(t, 'IYYY')
      WHEN 'g' THEN substr(to_char(t, 'IYYY'), 3, 2)
      WHEN 'H' THEN to_char(t, 'HH24')
      WHEN 'I' THEN to_char(t, 'HH12')
      WHEN 'j' THEN to_char(t, 'DDD')
      WHEN 'J' THEN (extract(epoch FROM t) / 86400 + 2440587.5)::double precision::text
      WHEN 'k' THEN lpad(extract(hour FROM t)::int::text, 2)
      WHEN 'l' THEN lpad(to_char(t, 'FMHH12'), 2)
      WHEN 'm' THEN to_char(t, 'MM')
      WHEN 'M' THEN to_char(t, 'MI')
      WHEN 'p' THEN to_char(t, 'AM')
      WHEN 'P' THEN lower(to_char(t, 'AM'))
      WHEN 'R' THEN to_char(t, 'HH24:MI')
      WHEN 's' THEN floor(extract(epoch FROM t))::bigint::text
      WHEN 'S' THEN to_char(t, 'SS')
      WHEN 'T' THEN to_char(t, 'HH24:MI:SS')
      WHEN 'u' THEN to_char(t, 'ID')
      WHEN 'U' THEN lpad(((yday + 7 - wday) / 7)::text, 2, '0')
      WHEN 'V' THEN to_char(t, 'IW')
      WHEN 'w' THEN wday::text
      WHEN 'W' THEN lpad(((yday + 7 - (wday + 6) % 7) / 7)::text, 2, '0')
      WHEN 'Y' THEN to_char(t, 'YYYY')
      WHEN '%' THEN '%'
      ELSE NULL
    END;
    IF result IS NULL THEN RETURN NULL; END IF;
  END LOOP;
  RETURN result;
END
$fn$;

-- A timestamp column (PostgreSQL-typed tables) as a SQLite time value.
CREATE OR REPLACE FUNCTION baton_d1.time_text(value timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$ SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') $fn$;
`;

// Each date and time function takes its time value as text, as a number, or as a timestamp.
function timeFunction(name: string, returns: string, body: string): string {
  const overloads = [
    ['value text', 'value'],
    ['value double precision', 'value::text'],
    ['value timestamptz', 'baton_d1.time_text(value)'],
  ];
  return overloads
    .map(
      ([parameter, asText], index) => `
CREATE OR REPLACE FUNCTION baton_d1.${name}(${index === 0 ? `${parameter} DEFAULT 'now'` : parameter}, VARIADIC modifiers text[] DEFAULT '{}')
RETURNS ${returns} LANGUAGE sql STABLE AS $fn$
  SELECT ${body.replace('TIME', `baton_d1.sqlite_time(${asText}, modifiers)`)}
$fn$;`,
    )
    .join('\n');
}

function strftimeFunctions(): string {
  const overloads = [
    ['value text', 'value'],
    ['value double precision', 'value::text'],
    ['value timestamptz', 'baton_d1.time_text(value)'],
  ];
  return overloads
    .map(
      ([parameter, asText], index) => `
CREATE OR REPLACE FUNCTION baton_d1.strftime(format text, ${index === 0 ? `${parameter} DEFAULT 'now'` : parameter}, VARIADIC modifiers text[] DEFAULT '{}')
RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT baton_d1.format_time(baton_d1.sqlite_time(${asText}, modifiers), format)
$fn$;`,
    )
    .join('\n');
}

const DATE_FUNCTIONS = [
  timeFunction('datetime', 'text', "baton_d1.format_time(TIME, '%Y-%m-%d %H:%M:%S')"),
  timeFunction('date', 'text', "baton_d1.format_time(TIME, '%Y-%m-%d')"),
  timeFunction('time', 'text', "baton_d1.format_time(TIME, '%H:%M:%S')"),
  timeFunction(
    'julianday',
    'double precision',
    '(extract(epoch FROM TIME) / 86400 + 2440587.5)::double precision',
  ),
  timeFunction('unixepoch', 'bigint', 'floor(extract(epoch FROM TIME))::bigint'),
  strftimeFunctions(),
].join('\n');

const SCALAR_AND_AGGREGATE_FUNCTIONS = `
CREATE OR REPLACE FUNCTION baton_d1.ifnull(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $fn$ SELECT coalesce(a, b) $fn$;

CREATE OR REPLACE FUNCTION baton_d1.iif(condition boolean, a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $fn$ SELECT CASE WHEN condition THEN a ELSE b END $fn$;

CREATE OR REPLACE FUNCTION baton_d1.instr(haystack text, needle text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $fn$ SELECT strpos(haystack, needle) $fn$;

-- '$', '.key', '."quoted key"', '[N]' and '[#-N]' → a path for #>; NULL when malformed.
CREATE OR REPLACE FUNCTION baton_d1.json_path(path text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  keys text[] := '{}';
  rest text;
  p text[];
BEGIN
  IF path IS NULL OR left(path, 1) <> '$' THEN RETURN NULL; END IF;
  rest := substr(path, 2);
  WHILE rest <> '' LOOP
    p := regexp_match(rest, '^\\.(?:"([^"]*)"|([^.\\[]+))');
    IF p IS NOT NULL THEN
      keys := keys || coalesce(p[1], p[2]);
      rest := substr(rest, length(coalesce('."' || p[1] || '"', '.' || p[2])) + 1);
      CONTINUE;
    END IF;
    p := regexp_match(rest, '^\\[(#-)?(\\d+)\\]');
    IF p IS NULL THEN RETURN NULL; END IF;
    keys := keys || CASE WHEN p[1] IS NULL THEN p[2] ELSE '-' || p[2] END;
    rest := substr(rest, length(coalesce(p[1], '') || p[2]) + 3);
  END LOOP;
  RETURN keys;
END
$fn$;

-- SQLite's json_extract gives strings unquoted, true/false as 1/0, null as NULL, numbers, objects
-- and arrays as their JSON text. PostgreSQL needs one result type: text (cast it to compare as a number).
CREATE OR REPLACE FUNCTION baton_d1.json_extract(document jsonb, path text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  keys text[] := baton_d1.json_path(path);
  node jsonb;
BEGIN
  IF document IS NULL OR path IS NULL THEN RETURN NULL; END IF;
  IF keys IS NULL THEN RAISE EXCEPTION 'bad JSON path: %', path USING ERRCODE = '22023'; END IF;
  node := document #> keys;
  RETURN CASE jsonb_typeof(node)
    WHEN 'string' THEN node #>> '{}'
    WHEN 'boolean' THEN CASE WHEN node = 'true'::jsonb THEN '1' ELSE '0' END
    WHEN 'null' THEN NULL
    ELSE node::text
  END;
END
$fn$;

CREATE OR REPLACE FUNCTION baton_d1.json_extract(document text, path text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$ SELECT baton_d1.json_extract(document::jsonb, path) $fn$;

CREATE OR REPLACE FUNCTION baton_d1.group_concat_step(state text, value text, separator text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN value IS NULL THEN state WHEN state IS NULL THEN value ELSE state || separator || value END
$fn$;
CREATE OR REPLACE FUNCTION baton_d1.group_concat_step(state text, value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$ SELECT baton_d1.group_concat_step(state, value, ',') $fn$;
CREATE OR REPLACE FUNCTION baton_d1.group_concat_any(state text, value anyelement) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$ SELECT baton_d1.group_concat_step(state, value::text, ',') $fn$;
CREATE OR REPLACE FUNCTION baton_d1.group_concat_any(state text, value anyelement, separator text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$ SELECT baton_d1.group_concat_step(state, value::text, separator) $fn$;

CREATE OR REPLACE AGGREGATE baton_d1.group_concat(text) (SFUNC = baton_d1.group_concat_step, STYPE = text);
CREATE OR REPLACE AGGREGATE baton_d1.group_concat(text, text) (SFUNC = baton_d1.group_concat_step, STYPE = text);
CREATE OR REPLACE AGGREGATE baton_d1.group_concat(anyelement) (SFUNC = baton_d1.group_concat_any, STYPE = text);
CREATE OR REPLACE AGGREGATE baton_d1.group_concat(anyelement, text) (SFUNC = baton_d1.group_concat_any, STYPE = text);

-- total(): the sum as a float, 0.0 over no rows (where sum() is NULL).
CREATE OR REPLACE AGGREGATE baton_d1.total(double precision) (SFUNC = float8pl, STYPE = double precision, INITCOND = '0');
`;

const OPERATORS = `
-- SQLite reads a text as a number by its longest numeric prefix (none: 0).
CREATE OR REPLACE FUNCTION baton_d1.to_number(value text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce((regexp_match(value, '^\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)'))[1]::numeric, 0)
$fn$;

-- Whether a text is a whole number as SQLite would store it in an INTEGER column.
CREATE OR REPLACE FUNCTION baton_d1.is_integral(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$ SELECT value ~ '^\\s*[-+]?\\d+\\s*$' $fn$;

CREATE OR REPLACE FUNCTION baton_d1.concat_numbers(a numeric, b numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT a::text || b::text $fn$;

CREATE OR REPLACE FUNCTION baton_d1.arithmetic(operator text, a numeric, b numeric, integral boolean) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE operator
    WHEN '+' THEN a + b
    WHEN '-' THEN a - b
    WHEN '*' THEN a * b
    WHEN '/' THEN CASE WHEN b = 0 THEN NULL WHEN integral THEN trunc(a / b) ELSE a / b END
    WHEN '%' THEN CASE WHEN trunc(b) = 0 THEN NULL ELSE trunc(a) % trunc(b) END
  END
$fn$;

-- A number against a text: numerically when the text is a number, else the number is smaller.
CREATE OR REPLACE FUNCTION baton_d1.compare(a numeric, b text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE
    WHEN b ~ '^\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*$' THEN sign(a - b::numeric)::integer
    ELSE -1
  END
$fn$;
`;

const ARITHMETIC = ['+', '-', '*', '/', '%'] as const;
const COMPARISONS: Record<string, { test: string; commutator: string; negator: string }> = {
  '=': { test: '= 0', commutator: '=', negator: '<>' },
  '<>': { test: '<> 0', commutator: '<>', negator: '=' },
  '<': { test: '< 0', commutator: '>', negator: '>=' },
  '<=': { test: '<= 0', commutator: '>=', negator: '>' },
  '>': { test: '> 0', commutator: '<', negator: '<=' },
  '>=': { test: '>= 0', commutator: '<=', negator: '<' },
};
const OPERATOR_NAMES: Record<string, string> = {
  '+': 'plus',
  '-': 'minus',
  '*': 'times',
  '/': 'divided',
  '%': 'modulo',
  '=': 'eq',
  '<>': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

// CREATE OPERATOR has no OR REPLACE: each is created unless the catalog has it with a function (a
// commutator named before it exists is a "shell", which CREATE OPERATOR completes).
function operator(symbol: string, left: string, right: string, fn: string, extra = ''): string {
  return `
DO $do$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_operator
                 WHERE oid = to_regoperator('baton_d1.${symbol}(${left},${right})') AND oprcode <> 0) THEN
    CREATE OPERATOR baton_d1.${symbol} (LEFTARG = ${left}, RIGHTARG = ${right}, FUNCTION = ${fn}${extra});
  END IF;
END $do$;`;
}

const qualified = (commutator: string, negator: string): string =>
  `, COMMUTATOR = OPERATOR(baton_d1.${commutator}), NEGATOR = OPERATOR(baton_d1.${negator})`;

function operatorFunctions(): string {
  const parts: string[] = [operator('||', 'numeric', 'numeric', 'baton_d1.concat_numbers')];
  for (const symbol of ARITHMETIC) {
    const name = OPERATOR_NAMES[symbol];
    for (const [left, right, a, b, integral] of [
      ['text', 'numeric', 'baton_d1.to_number(a)', 'b', 'baton_d1.is_integral(a) AND scale(b) = 0'],
      ['numeric', 'text', 'a', 'baton_d1.to_number(b)', 'scale(a) = 0 AND baton_d1.is_integral(b)'],
      [
        'text',
        'text',
        'baton_d1.to_number(a)',
        'baton_d1.to_number(b)',
        'baton_d1.is_integral(a) AND baton_d1.is_integral(b)',
      ],
    ]) {
      const fn = `baton_d1.${name}_${left}_${right}`;
      parts.push(`
CREATE OR REPLACE FUNCTION ${fn}(a ${left}, b ${right}) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT baton_d1.arithmetic('${symbol}', ${a}, ${b}, ${integral}) $fn$;`);
      // text || text and text + text keep PostgreSQL's meaning where it has one (none for + - * / %).
      parts.push(operator(symbol, left, right, fn));
    }
  }
  for (const [symbol, { test, commutator, negator }] of Object.entries(COMPARISONS)) {
    const name = OPERATOR_NAMES[symbol];
    parts.push(`
CREATE OR REPLACE FUNCTION baton_d1.${name}_numeric_text(a numeric, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT baton_d1.compare(a, b) ${test} $fn$;
CREATE OR REPLACE FUNCTION baton_d1.${name}_text_numeric(a text, b numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT -baton_d1.compare(b, a) ${test} $fn$;`);
    parts.push(
      operator(symbol, 'numeric', 'text', `baton_d1.${name}_numeric_text`, qualified(commutator, negator)),
      operator(symbol, 'text', 'numeric', `baton_d1.${name}_text_numeric`, qualified(commutator, negator)),
    );
  }
  return parts.join('\n');
}

/** The whole installation script (run in one transaction). */
export function compatScript(): string {
  return [
    TIME_FUNCTIONS,
    DATE_FUNCTIONS,
    SCALAR_AND_AGGREGATE_FUNCTIONS,
    OPERATORS,
    operatorFunctions(),
    `CREATE OR REPLACE FUNCTION baton_d1.compat_version() RETURNS integer LANGUAGE sql IMMUTABLE AS $fn$ SELECT ${COMPAT_VERSION} $fn$;`,
  ].join('\n');
}
