// Seeded input mutator for the fuzzer (plain ESM, shared by test/fuzz and
// scripts/fuzz.mjs; types in mutate.d.mts). Every case is a pure function of
// (seed, index, corpus): case N of a run can be rebuilt alone.

/** splitmix32: small, fast, good enough for test-input choices. */
export function createRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (list) => list[int(list.length)],
  };
}

/** Seed of case `index` in run `seed` (FNV-1a over both). */
export function caseSeed(seed, index) {
  let h = 0x811c9dc5;
  for (const n of [seed >>> 0, index >>> 0]) {
    for (let k = 0; k < 4; k++) {
      h ^= (n >>> (k * 8)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}

const RUNTIMES = ['containerd', 'cri-o', 'cri-dockerd'];
const INSERTS = [
  '{{ ', ' }}', '{{ .Values.config }}', '{{- if .Values.x }}\n', '{{- end }}\n', '{{', '}}',
  '@INCLUDE ', '@INCLUDE *.conf\n', '@INCLUDE fluent-bit.conf\n', '@SET a=b\n', '@SET ', '[', ']', '[INPUT]\n', '[PARSER]\n',
  '#', '# ', '${', '${VAR}', '${', '}', 'Parser docker\n', '    Parser cri\n', '    Docker_Mode On\n', 'multiline.parser docker\n',
  ': ', '- ', '&a ', '*a ', '|\n', '>\n', '"', "'", '\t', ' ', '\\', '---\n', '...\n', '\ufeff', '\r', '\u2028', '\u0085',
];
const LONG_CHARS = [' ', '\t', '{', '$', ']', '[', '#', '-', ':', '/', 'a', '\\', '"', "'", '*', '&', '@', '.', ','];

function lines(text) {
  return text.split(/(?<=\n)/);
}

function bufferOp(text, fn) {
  return Buffer.from(fn(Buffer.from(text, 'utf8'))).toString('utf8');
}

/** A line of `length` characters: one character repeated, or a chunk of the text repeated. */
function longLine(r, text, length) {
  if (r.chance(0.6) || text.length === 0) return r.pick(LONG_CHARS).repeat(length);
  const at = r.int(text.length);
  const chunk = text.slice(at, at + r.range(1, 40)).replace(/[\r\n]/g, ' ') || 'x';
  return chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length);
}

function aliasBomb(r) {
  const width = r.range(2, 10);
  const depth = r.range(3, 12);
  let out = `lol0: &l0 ["lol"]\n`;
  for (let d = 1; d < depth; d++) out += `lol${d}: &l${d} [${Array.from({ length: width }, () => `*l${d - 1}`).join(', ')}]\n`;
  return out;
}

function deepNesting(r, maxDepth) {
  const depth = r.range(1, maxDepth);
  switch (r.int(4)) {
    case 0:
      return `${'- '.repeat(depth)}x\n`;
    case 1:
      return `${'['.repeat(depth)}${r.chance(0.5) ? ']'.repeat(depth) : ''}\n`;
    case 2:
      return `${'{a: '.repeat(depth)}1${r.chance(0.5) ? '}'.repeat(depth) : ''}\n`;
    default: {
      // block mappings: depth lines, indentation up to 2 * depth
      const d = Math.min(depth, 800);
      let out = '';
      for (let i = 0; i < d; i++) out += `${'  '.repeat(i)}k${i}:\n`;
      return `${out}${'  '.repeat(d)}v\n`;
    }
  }
}

/** The mutations, by name. `big` allows long lines (1 MB; 50 KB when `small`) and 5,000 levels. */
const MUTATIONS = {
  byteFlip: (r, t) => bufferOp(t, (b) => {
    for (let n = r.range(1, 8); n > 0 && b.length > 0; n--) b[r.int(b.length)] ^= 1 << r.int(8);
    return b;
  }),
  deleteLines: (r, t) => {
    const ls = lines(t);
    const at = r.int(ls.length + 1);
    ls.splice(at, r.range(1, 5));
    return ls.join('');
  },
  duplicateLines: (r, t) => {
    const ls = lines(t);
    const at = r.int(ls.length + 1);
    ls.splice(at, 0, ...ls.slice(at, at + r.range(1, 6)));
    return ls.join('');
  },
  indent: (r, t) => {
    const ls = lines(t);
    for (let n = r.range(1, 6); n > 0 && ls.length > 0; n--) {
      const i = r.int(ls.length);
      const l = ls[i];
      switch (r.int(4)) {
        case 0: ls[i] = l.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length >> 2))); break;
        case 1: ls[i] = l.replace(/^\t+/, (s) => '    '.repeat(s.length)); break;
        case 2: ls[i] = ' '.repeat(r.range(1, 8)) + l; break;
        default: ls[i] = l.replace(new RegExp(`^ {1,${r.range(1, 8)}}`), ''); break;
      }
    }
    return ls.join('');
  },
  newlines: (r, t) => {
    const ls = lines(t);
    const mode = r.int(3);
    for (let i = 0; i < ls.length; i++) {
      if (!r.chance(0.3)) continue;
      if (mode === 0) ls[i] = ls[i].replace(/\r?\n$/, '\r\n');
      else if (mode === 1) ls[i] = ls[i].replace(/\r\n$/, '\n');
      else ls[i] = ls[i].replace(/\r?\n$/, '\r');
    }
    return ls.join('');
  },
  longLine: (r, t, big, small) => {
    // CI (small) keeps big lines to 50 KB: a 1 MB line of YAML flow brackets
    // costs 1-13 s inside the yaml package (one error or level per bracket);
    // the campaign (scripts/fuzz.mjs) goes to 1 MB and reports those as slow.
    const max = big && r.chance(0.5) ? (small ? 50_000 : 1_000_000) : 20_000;
    const ls = lines(t);
    const at = r.int(ls.length + 1);
    const line = longLine(r, t, r.range(1, max));
    if (r.chance(0.5) && ls[at] !== undefined) ls[at] = ls[at].replace(/(\r?\n)?$/, `${line}$1`);
    else ls.splice(at, 0, `${r.chance(0.5) ? '    ' : ''}${line}\n`);
    return ls.join('');
  },
  deepNesting: (r, t, big) => {
    const ls = lines(t);
    ls.splice(r.int(ls.length + 1), 0, deepNesting(r, big ? 5000 : 300));
    return ls.join('');
  },
  aliasBomb: (r, t) => (r.chance(0.5) ? aliasBomb(r) + t : `${t}${t.endsWith('\n') || t === '' ? '' : '\n'}---\n${aliasBomb(r)}`),
  nul: (r, t) => {
    const at = r.int(t.length + 1);
    return t.slice(0, at) + '\0'.repeat(r.range(1, 3)) + t.slice(at);
  },
  invalidUtf8: (r, t) => bufferOp(t, (b) => {
    const at = r.int(b.length + 1);
    const bad = r.pick([[0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]);
    return Buffer.concat([b.subarray(0, at), Buffer.from(bad), b.subarray(at)]);
  }),
  truncate: (r, t) => bufferOp(t, (b) => b.subarray(0, r.int(b.length + 1))),
  insert: (r, t) => {
    let out = t;
    for (let n = r.range(1, 4); n > 0; n--) {
      let at = r.int(out.length + 1);
      if (r.chance(0.5)) at = out.lastIndexOf('\n', at - 1) + 1; // at a line start
      out = out.slice(0, at) + r.pick(INSERTS) + out.slice(at);
    }
    return out;
  },
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** A window of at most `maxLines` lines (small cases stay cheap but keep real structure). */
function window(r, text, maxLines) {
  const ls = lines(text);
  if (ls.length <= maxLines) return text;
  const n = r.range(1, maxLines);
  const at = r.int(ls.length - n + 1);
  return ls.slice(at, at + n).join('');
}

function extOf(path) {
  const m = /\.[A-Za-z0-9]+$/.exec(path);
  return m ? m[0] : '';
}

/**
 * Builds case `index` of run `seed` over `corpus` ({ path, text }[], paths
 * relative). `small`: windows of at most 40 lines and rare big mutations (CI);
 * otherwise whole files. Returns the files (in one directory `case/`), the
 * options and the names of the mutations applied.
 */
export function makeCase(corpus, seed, index, { small = false } = {}) {
  const r = createRng(caseSeed(seed, index));
  const big = small ? r.chance(0.01) : r.chance(0.1);
  const first = r.pick(corpus);
  const group = [first];
  if (r.chance(0.15)) {
    const dir = first.path.slice(0, first.path.lastIndexOf('/') + 1);
    const siblings = corpus.filter((f) => f !== first && f.path.startsWith(dir) && !f.path.slice(dir.length).includes('/'));
    for (let n = r.range(1, 2); n > 0; n--) group.push(siblings.length > 0 && r.chance(0.8) ? r.pick(siblings) : r.pick(corpus));
  }
  const ops = [];
  const files = group.map((f, i) => {
    let text = small ? window(r, f.text, 40) : f.text;
    const mutations = r.chance(0.05) ? 0 : r.range(1, 4);
    for (let m = 0; m < mutations; m++) {
      const name = r.pick(MUTATION_NAMES);
      ops.push(`${i}:${name}`);
      text = MUTATIONS[name](r, text, big, small);
    }
    let ext = extOf(f.path);
    if (r.chance(0.05)) ext = r.pick(['.conf', '.yaml', '.json', '.yml', '']);
    const base = f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\.[A-Za-z0-9]+$/, '');
    return { path: `case/${i}-${base}${ext}`, text };
  });
  const options = { runtime: r.pick(RUNTIMES) };
  if (r.chance(0.2)) options.criOnly = true;
  if (r.chance(0.1)) options.keepDockerMount = true;
  if (r.chance(0.05)) options.podLogsDir = r.pick(['/var/log/pods/', '/data/pods', '', '////', '/var/log/containers']);
  return { files, options, ops };
}
