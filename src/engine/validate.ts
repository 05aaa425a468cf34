import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** A configuration or file that does not match its schema; the message names every field. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  discriminator: true,
});
const compiled = new WeakMap<object, ValidateFunction>();

function fieldName(root: string, instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce(
    (name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : `${name}.${part}`),
    root,
  );
}

function valueAt(data: unknown, instancePath: string): unknown {
  let value = data;
  for (const part of instancePath.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[
      part.replace(/~1/g, '/').replace(/~0/g, '~')
    ];
  }
  return value;
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The tag values a discriminator accepts: the `const` of the tag in each `oneOf` branch. */
function discriminatorValues(schema: object, schemaPath: string, tag: string): unknown[] {
  const node = valueAt(schema, schemaPath.replace(/^#/, '').replace(/\/[^/]*$/, ''));
  const branches = (node as { oneOf?: unknown[] } | undefined)?.oneOf ?? [];
  return branches
    .map((b) => valueAt(b, `/properties/${tag}/const`))
    .filter((value) => value !== undefined);
}

/** One sentence per ajv error: the field, what it must be, and the value given. */
function describe(
  error: ErrorObject,
  root: string,
  data: unknown,
  schema: object,
): string | undefined {
  const field = fieldName(root, error.instancePath);
  const got = `got ${show(valueAt(data, error.instancePath))}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${field}.${String(params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${field} has an unknown field "${String(params.additionalProperty)}"`;
    case 'type': {
      const type = String(params.type);
      const what =
        type === 'number' ? 'a finite number' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
      return `${field} must be ${what}, ${got}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} must be ${String(params.comparison)} ${String(params.limit)}, ${got}`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(show).join(', ');
      return `${field} must be one of ${allowed}, ${got}`;
    }
    case 'const':
      return `${field} must be ${show(params.allowedValue)}, ${got}`;
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error !== 'mapping') return `${field}.${tag} is required`;
      const kinds = discriminatorValues(schema, error.schemaPath, tag).map(show).join(', ');
      return (
        `${field}.${tag} must be one of ${kinds || 'the known kinds'}, ` +
        `got ${show(params.tagValue)}`
      );
    }
    default:
      return `${field} ${error.message ?? 'is invalid'}, ${got}`;
  }
}

/**
 * Checks `data` against the JSON Schema `schema` and returns it typed, or throws a
 * ConfigError whose message has one line per problem, for example
 * `config.optimizer.learningRate must be > 0, got -0.1`.
 */
export function validate<T>(schema: object, data: unknown, root = 'config'): T {
  let check = compiled.get(schema);
  if (!check) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  if (check(data)) return data as T;
  const problems = [
    ...new Set(
      (check.errors ?? [])
        .map((error) => describe(error, root, data, schema))
        .filter((p) => p !== undefined),
    ),
  ];
  throw new ConfigError(problems.join('\n'), problems);
}
