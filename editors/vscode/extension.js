// extension.js — the kaohe extension for VS Code: starts `kaohe lsp` as the
// language server for .rules files (diagnostics, hover, completion, go to
// definition, references, rename, outline, formatting, live values), and the
// command "kaohe: Explain the record under the cursor", which runs
// `kaohe explain` for the record whose JSON holds the cursor in a roster, or
// for an id asked for when the cursor is in a policy.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { execFile } = require('child_process');
const path = require('path');
const { findConfig, recordAt } = require('./record');

let client;
let output;

function kaoheProgram() {
  return vscode.workspace.getConfiguration('kaohe').get('path') || 'kaohe';
}

function activate(context) {
  output = vscode.window.createOutputChannel('kaohe explain');
  client = new LanguageClient(
    'kaohe', 'kaohe',
    { command: kaoheProgram(), args: ['lsp'] },
    { documentSelector: [{ scheme: 'file', language: 'kaohe' }, { scheme: 'untitled', language: 'kaohe' }] });
  client.start();
  context.subscriptions.push(client, output,
    vscode.commands.registerCommand('kaohe.explain', explainUnderCursor));
}

function deactivate() {
  return client ? client.stop() : undefined;
}

async function explainUnderCursor() {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  let policy, roster, id;
  try {
    if (doc.languageId === 'kaohe') {
      policy = doc.fileName;
      const found = findConfig(path.dirname(policy));
      const configured = vscode.workspace.getConfiguration('kaohe').get('roster');
      roster = found && found.config.roster ? path.resolve(found.dir, found.config.roster) : configured;
      if (!roster) throw new Error('no roster: name one in a .kaohe.json beside the policy ({"roster": "june.json"}) or in the setting kaohe.roster');
      id = await vscode.window.showInputBox({ prompt: 'The id of the record to explain', value: found && found.config.record || '' });
      if (!id) return;
    } else {
      roster = doc.fileName;
      const rec = recordAt(doc.getText(), doc.offsetAt(editor.selection.active));
      if (!rec) throw new Error('the cursor is not inside a record of the roster');
      const found = findConfig(path.dirname(roster));
      policy = found && found.config.policy ? path.resolve(found.dir, found.config.policy)
        : (vscode.window.visibleTextEditors.find(e => e.document.languageId === 'kaohe') || {}).document?.fileName;
      if (!policy) throw new Error('no policy: open the .rules file beside this roster, or name it in .kaohe.json ({"policy": "x.rules"})');
      id = rec.id !== undefined ? String(rec.id) : await vscode.window.showInputBox({ prompt: 'The id of this record (it has no "id")' });
      if (!id) return;
    }
  } catch (e) {
    vscode.window.showErrorMessage(`kaohe: ${e.message}`);
    return;
  }
  execFile(kaoheProgram(), ['explain', policy, roster, '--id', id], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
    output.clear();
    output.appendLine(`kaohe explain ${policy} ${roster} --id ${id}`);
    output.append(stdout);
    if (stderr) output.append(stderr);
    output.show(true);
    if (err && !stdout) vscode.window.showErrorMessage(`kaohe explain failed: ${stderr || err.message}`);
  });
}

module.exports = { activate, deactivate };
