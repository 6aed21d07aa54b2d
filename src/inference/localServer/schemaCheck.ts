// Checks a model's parsed answer against the JSON schema it was asked for. A server constrains
// its output with the schema, but not every server honours every keyword (or the format at all),
// so the answer is checked before a feature sees it. Only the keywords the features' schemas use
// are checked: type, enum, properties, required, additionalProperties: false, items, minItems,
// maxItems and maxLength; others are ignored rather than guessed at.
import type { JsonSchema } from '../../core/protocol';

type Schema = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    default:
      return true;
  }
}

function objectMismatch(value: Record<string, unknown>, schema: Schema, path: string): string | undefined {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of required) if (typeof key === 'string' && !(key in value)) return `${path}.${key} is missing`;
  for (const [key, item] of Object.entries(value)) {
    const sub = properties[key];
    if (isRecord(sub)) {
      const inner = schemaMismatch(item, sub, `${path}.${key}`);
      if (inner) return inner;
    } else if (schema.additionalProperties === false) {
      return `${path}.${key} is not allowed`;
    }
  }
  return undefined;
}

function arrayMismatch(value: unknown[], schema: Schema, path: string): string | undefined {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) return `${path} has fewer than ${schema.minItems} items`;
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return `${path} has more than ${schema.maxItems} items`;
  if (!isRecord(schema.items)) return undefined;
  for (let i = 0; i < value.length; i++) {
    const inner = schemaMismatch(value[i], schema.items, `${path}[${i}]`);
    if (inner) return inner;
  }
  return undefined;
}

/** Where `value` breaks `schema`, as one short phrase ("$.findings[0].line is not integer"), or undefined when it holds. */
export function schemaMismatch(value: unknown, schema: JsonSchema, path = '$'): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? undefined : [schema.type];
  if (types && !types.some((t) => hasType(value, t))) return `${path} is not ${types.join(' or ')}`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) return `${path} is not one of ${JSON.stringify(schema.enum)}`;
  if (typeof value === 'string' && typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    return `${path} is longer than ${schema.maxLength} characters`;
  }
  if (Array.isArray(value)) return arrayMismatch(value, schema, path);
  if (isRecord(value)) return objectMismatch(value, schema, path);
  return undefined;
}
