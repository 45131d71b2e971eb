// The README's generated blocks: `<!-- NAME:start -->`, the lines, `<!-- NAME:end -->`.

function bounds(text, name) {
  const open = `<!-- ${name}:start -->\n`;
  const start = text.indexOf(open);
  const end = start < 0 ? -1 : text.indexOf(`<!-- ${name}:end -->`, start);
  return start < 0 || end < 0 ? undefined : { from: start + open.length, to: end };
}

/** The lines between the markers of `name`, without the final newline; undefined when the markers are missing. */
export function readGenerated(text, name) {
  const b = bounds(text, name);
  if (b === undefined) return undefined;
  const inner = text.slice(b.from, b.to);
  return inner.endsWith('\n') ? inner.slice(0, -1) : inner;
}

/** `text` with the lines of block `name` replaced by `body`; throws when the markers are missing. */
export function replaceGenerated(text, name, body) {
  const b = bounds(text, name);
  if (b === undefined) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> block`);
  return `${text.slice(0, b.from)}${body}\n${text.slice(b.to)}`;
}
