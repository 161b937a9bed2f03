// A minimal VS Code client for `speechlint lsp` (see docs/editors.md).
// Install: `npm install` in this folder, then `npx @vscode/vsce package` and install the .vsix,
// or open the folder in VS Code and press F5 to try it in an Extension Development Host.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverSettings() {
  const config = vscode.workspace.getConfiguration("speechlint");
  return {
    debounce: config.get("debounce", 100),
    lang: config.get("lang", null),
    config: config.get("config", null),
  };
}

async function activate() {
  const command = vscode.workspace.getConfiguration("speechlint").get("path", "speechlint");
  const serverOptions = { command, args: ["lsp"] };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: { speechlint: serverSettings() },
    // Sends workspace/didChangeConfiguration with {speechlint: {...}} when settings change.
    synchronize: { configurationSection: "speechlint" },
  };
  client = new LanguageClient("speechlint", "speechlint", serverOptions, clientOptions);
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
