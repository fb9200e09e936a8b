// Points the editor's fonts at the files bundled beside it. Sveltia's UI library declares its
// fonts in a <style> it injects, with addresses on a CDN (cdn.jsdelivr.net/fontsource/…); the
// npm build carries the same fonts under assets/. An address in an injected style is read
// against the page (/admin/), so the bundle's assets are cms/assets/… from there.
// Usage: node local-fonts.mjs DIST   (fails if a font address on another host is left)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2];
const entry = join(dist, 'editor.js');
const assets = readdirSync(join(dist, 'assets'));
const cdn = /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(?::vf)?@[0-9.]+\/([a-z0-9-]+)\.woff2/g;
let count = 0;
const code = readFileSync(entry, 'utf8').replace(cdn, (address, family, subset) => {
  const file = assets.find((name) => name.startsWith(`${family}-${subset}-`) && name.endsWith('.woff2'));
  if (!file) throw new Error(`no bundled font for ${address}`);
  count += 1;
  return `cms/assets/${file}`;
});
if (/https:\/\/[^"'`)\s]*\.woff2/.test(code)) throw new Error('a font address on another host is left');
writeFileSync(entry, code);
console.log(`local-fonts: ${count} font addresses point at the bundled files`);
