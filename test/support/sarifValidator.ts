// A validator for SARIF 2.1.0 logs: ajv with the official schema vendored in test/fixtures/ (see
// its README for where it comes from). The schema uses three formats that ajv leaves to a plugin;
// they are checked here with Node's own URL parser and Date, strictly enough to catch a path
// written where a URI belongs.
import Ajv, { type ErrorObject } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCHEMA_FILE = path.resolve(__dirname, '../fixtures/sarif-schema-2.1.0.json');

const isAbsoluteUri = (s: string): boolean => {
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
};

/** A relative reference: no spaces or characters a URI never holds, valid against a base. */
const isUriReference = (s: string): boolean => {
  if (/[\s<>"{}|\\^`]/.test(s) || /%(?![0-9A-Fa-f]{2})/.test(s)) return false;
  try {
    new URL(s, 'file:///base/');
    return true;
  } catch {
    return false;
  }
};

const isDateTime = (s: string): boolean => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));

export function sarifValidator(): (log: unknown) => ErrorObject[] {
  const ajv = new Ajv({ allErrors: true });
  ajv.addFormat('uri', isAbsoluteUri);
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', isDateTime);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
  return (log) => (validate(log) ? [] : [...(validate.errors ?? [])]);
}
