// The extension's own logic, in node with a stand-in for VS Code's API: the settings become the
// server command (`layerlens lsp`), the document selector and the initialization options; and
// the packaged .vsix (scripts/package-vscode) holds the manifest, the code and the client
// library. The server itself is tested with real clients (pytest-lsp, Neovim, pre-commit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// VS Code's module exists only inside VS Code: a stand-in with what loading needs.
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') {
    return new Proxy({}, { get: (_, k) => (k === '__esModule' ? false : function () {}) });
  }
  return load.call(this, request, ...rest);
};

test('the settings become the server command and options', () => {
  const ext = require(path.join(here, '..', 'extension.js'));
  const config = (values) => ({ get: (k) => values[k] });
  const { serverOptions, clientOptions } = ext.options(config({ path: '/opt/bin/layerlens', context: false }));
  assert.deepEqual(serverOptions, { command: '/opt/bin/layerlens', args: ['lsp'] });
  assert.deepEqual(clientOptions.initializationOptions, { context: false });
  assert.ok(clientOptions.documentSelector.some((s) => s.language === 'dockerfile' && s.scheme === 'file'));
  const defaults = ext.options(config({}));
  assert.equal(defaults.serverOptions.command, 'layerlens');
  assert.deepEqual(defaults.clientOptions.initializationOptions, { context: true });
});

test('the manifest serves every Dockerfile name the server does', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l) => l.id === 'dockerfile');
  assert.deepEqual(lang.filenames, ['Dockerfile', 'Containerfile']);
  for (const p of ['*.Dockerfile', 'Dockerfile.*']) assert.ok(lang.filenamePatterns.includes(p), p);
  assert.deepEqual(pkg.activationEvents, ['onLanguage:dockerfile']);
});

test('the packaged .vsix holds the extension and its client library', { skip: !process.env.LAYERLENS_VSIX && 'set LAYERLENS_VSIX (scripts/package-vscode)' }, () => {
  // Python's zipfile lists it (python3 is there wherever scripts/setup ran; unzip may not be).
  const list = execFileSync('python3', ['-m', 'zipfile', '-l', process.env.LAYERLENS_VSIX], { encoding: 'utf8' });
  for (const f of ['extension/package.json', 'extension/extension.js', 'extension/node_modules/vscode-languageclient/node.js']) {
    assert.ok(list.includes(f), f);
  }
  assert.ok(!list.includes('extension/test/'), 'tests are not packaged');
});
