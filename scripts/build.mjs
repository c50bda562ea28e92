// Builds the three bundles: the VS Code client, the language server and the CLI.
// The engine is bundled into the server and the CLI; nothing is loaded from node_modules at run time
// except `vscode`, which the editor provides.
import { build } from 'esbuild';
import { bundleOptions as common } from './bundleOptions.mjs';

await Promise.all([
  // The client is mostly vscode-languageclient: minified it is a fraction of the VSIX's size.
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'], minify: true }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/out/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
