import { describe, expect, it } from 'vitest';
import { readSetup } from '../../src/convert/read-setup.js';
import { setupFilesFrom } from '../../src/convert/setup-files.js';
import { discoverFile } from '../../src/discover/discover-file.js';
import { setupVariables } from '../../src/rules/support/setup-variables.js';
import { pluginOf } from '../../src/rules/support/tail-target.js';
import { isYamlName } from '../../src/source/sniff-format.js';
import type { SectionKind } from '../../src/view/types.js';
import { yamlFormatView } from '../../src/view/yaml-format.js';
import { readJsonl, type Probe } from '../convert/helpers/conformance.js';

/*
 * What the migration reads of a YAML-format config (discovery + the YAML
 * view) against what Fluent Bit read (../shared/conformance/yaml-probes.jsonl,
 * walked): for every probe Fluent Bit accepts and reports on, whose main file
 * is a YAML config read alone (no `includes`), discovery gives one `yaml-conf`
 * config and the view has Fluent Bit's inputs, filters and outputs, in its
 * order (the instances Fluent Bit adds itself left out), and the plugin keys
 * and values our YAML reader reads (readSetup, itself checked against the
 * fingerprints in test/convert/probes.test.ts). A probe of several documents
 * (section-two-documents, section-document-markers) reads every document;
 * list values (multiline-parser-list, repeat-add-flow-list,
 * repeat-list-item-spaces...) are one property per item, untrimmed.
 */

const probes = readJsonl<Probe>('yaml-probes.jsonl');
/** Instances Fluent Bit creates itself (not written in the config). */
const ADDED = new Set(['storage_backlog', 'emitter']);
const KINDS = [['inputs', 'input'], ['filters', 'filter'], ['outputs', 'output']] as const;

describe('yaml-probes.jsonl: discovery and the YAML view read what Fluent Bit reads', () => {
  const cases = probes.filter((p) => p.fluentbit.verdict === 'accept' && p.fluentbit.fingerprint && isYamlName(p.main) && p.encoding?.[p.main] === undefined);

  it('walks the accepted YAML probes, several-document ones included', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(cases.map((p) => p.id)).toEqual(expect.arrayContaining(['section-two-documents', 'section-document-markers', 'multiline-parser-list', 'multiline-parser-list-vs-repeated', 'repeat-list-item-spaces', 'parsers-filter-list']));
  });

  it("gives Fluent Bit's instances, in order, with the keys and values of each", () => {
    const bad: string[] = [];
    let compared = 0;
    let lists = 0;
    let named = 0;
    for (const p of cases) {
      const setup = readSetup(p.main, { files: setupFilesFrom(p.files), unknownParsersFile: 'external' });
      if (setup.errors.length > 0 || setup.view.files.length !== 1) continue;
      const text = p.files[p.main] ?? '';
      const d = discoverFile({ path: p.main, text });
      const errors = d.diagnostics.filter((x) => x.severity === 'error');
      if (d.fileKind !== 'yaml-conf' || d.configs.length !== 1 || errors.length > 0) {
        bad.push(`${p.id}: discovery ${d.fileKind}, ${d.configs.length} configs, ${errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      compared++;
      const view = yamlFormatView(d.configs[0]!);
      const fp = p.fluentbit.fingerprint as unknown as Record<string, { plugin: string }[]>;
      for (const [list, kind] of KINDS) {
        const sections = view.sectionsOf(kind as SectionKind);
        // A `${VAR}` in a plugin name (probe env-in-name): the view keeps it as written, the rules expand it
        // (pluginOf) from the setup's variables; here the probe's process environment too, which the config's env overrides.
        const vars = new Map<string, string>([...Object.entries(p.env ?? {}), ...setupVariables([view]).values]);
        const ours = sections.map((s) => pluginOf(s, vars));
        if (sections.some((s) => s.plugin.includes('${'))) named++;
        const theirs = (fp[list] ?? []).map((i) => i.plugin).filter((n) => !ADDED.has(n));
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
          bad.push(`${p.id}: ${list} ${JSON.stringify(ours)}, Fluent Bit ${JSON.stringify(theirs)}`);
          continue;
        }
        const read = setup.view[list];
        sections.forEach((s, i) => {
          // A list value is the key once per item, untrimmed (NOTES.md "List values in YAML configs"): every
          // item is compared. A map value (processors) is no property of Fluent Bit's: left out.
          lists += s.properties.filter((x) => x.item?.index === 0).length;
          const mine = s.properties.filter((x) => x.item !== undefined || x.value !== '' || x.at.end <= x.valueAt.end).map((x) => `${x.name}=${x.value}`);
          const reader = (read[i]?.props ?? []).map((x) => `${x.key.toLowerCase()}=${x.value}`);
          if (JSON.stringify(mine) !== JSON.stringify(reader)) bad.push(`${p.id}: ${kind} ${i} ${JSON.stringify(mine)}, reader ${JSON.stringify(reader)}`);
        });
      }
    }
    expect(lists).toBeGreaterThanOrEqual(8);
    expect(named).toBeGreaterThanOrEqual(1);
    console.log(`yaml view: ${compared} accepted YAML probes compared with Fluent Bit's instances (${lists} list values read item by item)`);
    expect(bad).toEqual([]);
  });
});
