// Parses every ```mermaid block in the Markdown files named on the command line with
// Mermaid's own parser, in two versions: 10.6 (the oldest Obsidian 1.7 bundles) and a
// current one. Prints one line per failure and a closing "N passed, N failed" line; exits
// 1 if any block fails or none was found. Mermaid needs a DOM to load: jsdom gives it one.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const files = process.argv.slice(2);
const blocks = [];
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)) {
    blocks.push({ file, body: match[1] });
  }
}

let passed = 0;
let failed = 0;
for (const name of ['mermaid-10', 'mermaid']) {
  const { default: mermaid } = await import(name);
  mermaid.initialize({ startOnLoad: false });
  for (const { file, body } of blocks) {
    try {
      const result = await mermaid.parse(body);
      if (result === false || (result && result.diagramType && result.diagramType !== 'xychart')) {
        throw new Error(`not an xychart: ${JSON.stringify(result)}`);
      }
      passed += 1;
    } catch (error) {
      failed += 1;
      console.log(`${name}: ${file}: ${String(error.message).split('\n').slice(0, 4).join(' | ')}`);
    }
  }
}
if (blocks.length === 0) {
  console.log('no mermaid blocks found');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
