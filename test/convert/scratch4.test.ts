import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { convertSetup } from '../../src/convert/convert-setup.js';
it('show', () => {
  const lines = readFileSync('../shared/conformance/fingerprints.jsonl', 'utf8').split('\n').filter(Boolean);
  const want = (process.env.IDS ?? '').split(',');
  for (const l of lines) {
    const c = JSON.parse(l);
    if (!want.some((w) => c.id.includes(w))) continue;
    const res = convertSetup({ files: c.files, main: c.main });
    console.log('=====', c.id, res.ok, res.refusal);
    for (const [n, t] of Object.entries(c.files)) console.log(`--- ${n}\n${t}`);
    for (const f of res.files) console.log(`+++ ${f.to}\n${f.text}`);
    console.log(res.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`).join('\n'));
  }
});
