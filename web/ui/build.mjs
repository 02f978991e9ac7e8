// Builds the pages' bundles into dist/, which package web embeds and the
// repository commits, so `go run .` needs only Go. CI runs this after
// `npm ci` and fails if dist/ changes: the committed bundle is exactly what
// the lockfile builds. Nothing here may depend on the machine (no absolute
// paths, no dates, no source maps naming local files).
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const entries = {
  graphiql: 'src/graphiql/main.jsx',
  explore: 'src/explore/main.js',
};

const result = await esbuild.build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  // Licence comments kept in the bundled code go to dist/*.LEGAL.txt.
  legalComments: 'external',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  charset: 'utf8',
  // Only read below, to list the packages each bundle holds.
  metafile: true,
});

// Files served as they are (the favicon).
for (const name of readdirSync('static')) {
  copyFileSync(`static/${name}`, `dist/${name}`);
}

// dist/THIRD-PARTY-LICENSES.txt: every npm package whose code is in a
// bundle, with its version and licence text. Many packages (d3's among
// them) keep no licence comment in their code, so LEGAL.txt alone would
// leave them out.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  // The innermost node_modules names the package (npm nests conflicting
  // versions inside their dependants).
  const m = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//);
  if (m) packages.set(`${m[2]} (${m[1]})`, m[1]);
}
const licenceFile = (dir) =>
  readdirSync(dir)
    .filter((n) => /^(licen[cs]e|copying)(\.|$)/i.test(n))
    .sort()[0];
let text = 'The pages served by fundflow bundle these npm packages (web/ui/package-lock.json).\n';
for (const name of [...packages.keys()].sort()) {
  const dir = packages.get(name);
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const file = licenceFile(dir);
  const body = file && existsSync(`${dir}/${file}`) ? readFileSync(`${dir}/${file}`, 'utf8').trim() : '(no licence file in the package)';
  text += `\n${'='.repeat(72)}\n${pkg.name} ${pkg.version}: ${pkg.license ?? 'licence not stated'}\n${'='.repeat(72)}\n\n${body}\n`;
}
writeFileSync('dist/THIRD-PARTY-LICENSES.txt', text);
