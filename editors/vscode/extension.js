// The VS Code side of layerlens: starts `layerlens lsp` for Dockerfiles and lets the editor
// show what the server sends (diagnostics, inlay hints, hover, code actions, outline).
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The server's command and client options, from the settings (exported for the test). */
function options(config) {
  const command = config.get('path') || 'layerlens';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    initializationOptions: { context: config.get('context') !== false },
  };
  return { serverOptions, clientOptions };
}

async function activate(context) {
  const { serverOptions, clientOptions } = options(vscode.workspace.getConfiguration('layerlens'));
  client = new LanguageClient('layerlens', 'layerlens', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(
      `layerlens: could not start \`${serverOptions.command} lsp\` (${e.message}). Install it with ` +
        '`cargo install --path crates/layerlens-cli`, or set "layerlens.path".'
    );
  }
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, options };
