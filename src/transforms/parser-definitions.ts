import type { ClassicTransform, RuleFinding } from './transform.js';

/**
 * Rules custom-parser-name and decode-field-log (runtime-migration.md F#11,
 * F#12): a user [PARSER] named `docker` or `cri` in a file loaded next to
 * the stock parsers.conf collides with it (the first definition wins; from
 * v5.1.0 a duplicate stops startup), and `Decode_Field_As ... log` assumes Docker's JSON-escaped
 * `log`, which CRI content never is.
 */
export const parserDefinitions: ClassicTransform = {
  id: 'parser-definitions',
  description: 'report custom parsers named docker/cri and Decode_Field_As on log',
  run(ctx) {
    const findings: RuleFinding[] = [];
    for (const s of ctx.model.sectionsOf('parser')) {
      const name = s.get('name');
      // A ConfigMap key parsers.conf mounted over /fluent-bit/etc replaces the
      // stock file: its docker/cri definitions are then the only ones.
      if (name && (name.value === 'docker' || name.value === 'cri') && ctx.setup.loadsStockParsers && ctx.name !== 'parsers.conf') {
        findings.push({ ruleId: 'custom-parser-name', severity: 'warning', message: `custom [PARSER] named ${name.value} collides with the stock parsers.conf (the first definition wins; Fluent Bit >= 5.1 refuses to start): rename it if it is customised, or delete it`, offset: name.line.key.start });
      }
      for (const e of [...s.getAll('decode_field_as'), ...s.getAll('decode_field')]) {
        const field = e.value.split(/\s+/)[1];
        if (field === 'log') {
          findings.push({ ruleId: 'decode-field-log', severity: 'warning', message: `${e.key} ${e.value} assumes Docker's JSON-escaped log field; CRI content is raw text, so this decoder is not needed (and is discouraged since Fluent Bit 1.2)`, offset: e.line.key.start });
        }
      }
    }
    return { edits: [], findings };
  },
};
