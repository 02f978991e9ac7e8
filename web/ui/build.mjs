// Builds the pages' bundles into dist/, which package web embeds and the
// repository commits, so `go run .` needs only Go. CI runs this after
// `npm ci` and fails if dist/ changes: the committed bundle is exactly what
// the lockfile builds. Nothing here may depend on the machine (no absolute
// paths, no dates, no source maps naming local files).
import { copyFileSync, readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const entries = {
  graphiql: 'src/graphiql/main.jsx',
  explore: 'src/explore/main.js',
};

await esbuild.build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  // Licence comments of the bundled packages go to dist/*.LEGAL.txt.
  legalComments: 'external',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  charset: 'utf8',
});

// Files served as they are (the favicon).
for (const name of readdirSync('static')) {
  copyFileSync(`static/${name}`, `dist/${name}`);
}
