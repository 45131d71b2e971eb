import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// CommonJS packages: under NodeNext the default import is `module.exports`, whose `default` is the export.
const Ajv = AjvModule.default;
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

/**
 * JSON Schema validators for the CLI's machine-readable outputs:
 * - report.schema.json (published as `flb-migrate/report.schema.json`, draft-07);
 * - the official SARIF 2.1.0 schema (draft-04), vendored under
 *   fixtures/schemas/ because tests run offline (see the README there).
 */
const read = (p: string): object => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8')) as object;

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
export const validateReport = ajv.compile(read('../../../report.schema.json'));

// The SARIF schema uses draft-04 keywords and `id`; strict mode would reject its unknown-format-free but loose style.
const ajv04 = new AjvDraft04({ allErrors: true, strict: false });
addFormats(ajv04);
export const validateSarif = ajv04.compile(read('../../../fixtures/schemas/sarif-schema-2.1.0.json'));
