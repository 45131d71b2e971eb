/** A path as the VFS compares it: no `.`, `..`, doubled or trailing slashes (the partition scan links by it too). */
export function normalizeVfsPath(path: string): string {
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (abs ? '/' : '') + out.join('/');
}
