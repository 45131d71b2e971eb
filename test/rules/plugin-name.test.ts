import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import { migrate } from '../../src/migrate/migrate.js';
import type { MigrateOptions } from '../../src/migrate/types.js';
import { loadConfig } from '../../src/model/config-model.js';
import { setupVariables } from '../../src/rules/support/setup-variables.js';
import { isTailInput, pluginName, pluginOf } from '../../src/rules/support/tail-target.js';
import { classicView } from '../../src/view/classic.js';
import type { ConfigView } from '../../src/view/types.js';
import { yamlFormatView } from '../../src/view/yaml-format.js';

/*
 * A plugin name written with a variable (`Name ${IN}`): Fluent Bit expands
 * it before it looks the plugin up (flb_config.c configure_plugins_type,
 * flb_env_var_translate; probe env-in-name), so the rules do too, from the
 * setup's variables in Fluent Bit's order (the last definition wins; two
 * files that disagree: not guessed). Golden cases:
 * fixtures/sources/plugin-name-variables.
 */

function classic(path: string, text: string): ConfigView {
  const config = discoverFile({ path, text }).configs[0]!;
  return classicView(config, loadConfig(config.text).model);
}

function yamlFormat(text: string): ConfigView {
  return yamlFormatView(discoverFile({ path: 'fluent-bit.yaml', text }).configs[0]!);
}

const input = (name: string): string => `[INPUT]\n    Name   ${name}\n    Path   /var/log/containers/*.log\n    Parser docker\n`;

describe('setupVariables: the variables Fluent Bit applies', () => {
  it('the last definition in a config wins, wherever it stands', () => {
    const v = setupVariables([classic('fluent-bit.conf', `@SET IN=dummy\n${input('${IN}')}@SET IN=tail\n`)]);
    expect(v.values.get('IN')).toBe('tail');
    expect(v.conflicting.size).toBe(0);
  });

  it('two configs agreeing is one value; disagreeing is no value, with where each is set', () => {
    const a = classic('a.conf', '@SET IN=tail\n@SET X=1\n');
    const b = classic('b.conf', '@SET IN=dummy\n@SET X=1\n');
    const v = setupVariables([a, b]);
    expect(v.values.get('X')).toBe('1');
    expect(v.values.has('IN')).toBe(false);
    expect(v.conflicting.get('IN')).toEqual([{ config: 'a.conf', value: 'tail' }, { config: 'b.conf', value: 'dummy' }]);
  });

  it('reads YAML env', () => {
    expect(setupVariables([yamlFormat('env:\n  IN: tail\npipeline:\n  inputs:\n    - name: ${IN}\n')]).values.get('IN')).toBe('tail');
  });
});

describe('pluginName / pluginOf', () => {
  const only = (view: ConfigView) => view.sections[view.sections.length - 1]!;

  it('expands the name, compares ASCII case-insensitively, and keeps a literal name as it is', () => {
    const view = classic('fluent-bit.conf', `@SET IN=Tail\n${input('${IN}')}`);
    const vars = setupVariables([view]).values;
    expect(only(view).plugin).toBe('${in}');
    expect(pluginName(only(view), vars)).toEqual({ plugin: 'tail', unresolved: [] });
    expect(isTailInput(only(view), vars)).toBe(true);
    const literal = classic('fluent-bit.conf', input('TAIL'));
    expect(pluginOf(only(literal), new Map())).toBe('tail');
  });

  it('joins parts and takes a `:-` default, as the rules do for values', () => {
    const view = classic('fluent-bit.conf', `@SET A=ta\n${input('${A}${B:-il}')}`);
    expect(pluginOf(only(view), setupVariables([view]).values)).toBe('tail');
  });

  it('trims nothing after expansion: `@SET IN= tail` names no plugin Fluent Bit has', () => {
    const view = classic('fluent-bit.conf', `@SET IN= tail\n${input('${IN}')}`);
    const vars = setupVariables([view]).values;
    expect(pluginOf(only(view), vars)).toBe(' tail');
    expect(isTailInput(only(view), vars)).toBe(false);
  });

  it('lists the variables it cannot expand, and keeps the name as written', () => {
    const view = yamlFormat('pipeline:\n  inputs:\n    - name: ${IN}\n      parser: docker\n');
    expect(pluginName(view.sections[0]!, new Map())).toEqual({ plugin: '${in}', unresolved: ['IN'] });
  });
});

describe('migration of an input named by a variable', () => {
  const run = (text: string, options: MigrateOptions = { runtime: 'containerd' }) => migrate([{ path: 'fluent-bit.conf', text }], options).files[0]!;

  it('migrates it as the plugin it names; the name line stays as written', () => {
    const f = run(`${input('${IN}')}    Docker_Mode On\n@SET IN=tail\n`);
    expect(f.output).toBe('[INPUT]\n    Name   ${IN}\n    Path   /var/log/containers/*.log\n    multiline.parser docker, cri\n@SET IN=tail\n');
    expect(run(f.output).changed).toBe(false);
  });

  it('reports an unresolvable name with Docker-era settings once, at the name, and nothing else', () => {
    const f = run(`${input('${IN}')}    Docker_Mode On\n`);
    expect(f.changed).toBe(false);
    expect(f.findings.map((x) => `${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.messageId}`)).toEqual(['2:12 warning unresolved-variable pluginVariable']);
    expect(f.findings[0]!.message).toContain('replace Parser docker / Docker_Mode On with multiline.parser docker, cri');
  });

  it('names a Docker Path only where the migration would move it', () => {
    const text = '[INPUT]\n    Name  ${IN}\n    Path  /var/lib/docker/containers/*/*-json.log\n';
    expect(run(text).findings[0]!.message).toContain('point Path /var/lib/docker/containers/*/*-json.log at /var/log/containers/*.log');
    expect(run(text, { runtime: 'cri-dockerd' }).findings).toEqual([]);
  });

  it('says nothing about an unresolvable name without Docker-era settings', () => {
    expect(run('[INPUT]\n    Name  ${IN}\n    Path  /var/log/containers/*.log\n    multiline.parser docker, cri\n').findings).toEqual([]);
  });

  it('applies the other plugins rules know: docker_events named by a variable', () => {
    const f = run('@SET EV=docker_events\n[INPUT]\n    Name  ${EV}\n');
    expect(f.findings.map((x) => `${x.line} ${x.ruleId}`)).toEqual(['3 docker-events-input']);
  });
});

describe('rules name plugins through pluginOf', () => {
  it('no rule compares section.plugin itself (a `${IN}` name would slip past it)', () => {
    const root = fileURLToPath(new URL('../../src/rules/', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('tail-target.ts'));
    expect(files.length).toBeGreaterThan(20);
    const bad = files.filter((f) => /\.plugin\s*[!=]==|[!=]==\s*\w+\.plugin\b/.test(readFileSync(join(root, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
