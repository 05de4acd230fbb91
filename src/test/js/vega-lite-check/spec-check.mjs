// Checks Vega-Lite specs the way a front end would use them: each file named on the command line must
// validate against the Vega-Lite v5 JSON schema, compile to Vega, and render headless to SVG.
// Prints one line per spec: "ok <name> <marktype>=<items> ... text=<first text>" or "not ok <name>: <why>".
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

const require = createRequire(import.meta.url);
const schema = require('vega-lite/build/vega-lite-schema.json');
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

// Data marks only (role "mark"), not axes, legends or titles.
function countMarks(node, counts, texts) {
  if (node.marktype && node.role === 'mark') {
    counts[node.marktype] = (counts[node.marktype] || 0) + node.items.length;
    for (const item of node.items) if (node.marktype === 'text') texts.push(item.text);
  }
  for (const item of node.items || []) countMarks(item, counts, texts);
  return counts;
}

let failures = 0;
for (const file of process.argv.slice(2)) {
  const name = basename(file, '.json');
  try {
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    if (!validate(spec)) throw new Error('schema: ' + JSON.stringify(validate.errors.slice(0, 3)));
    const warnings = [];
    const logger = { level: () => logger, warn: (...m) => { warnings.push(m.join(' ')); return logger; },
      info: () => logger, debug: () => logger, error: (...m) => { warnings.push(m.join(' ')); return logger; } };
    const compiled = vegaLite.compile(spec, { logger }).spec;
    if (warnings.length > 0) throw new Error('compile warnings: ' + warnings.join('; '));
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    const texts = [];
    const counts = countMarks(view.scenegraph().root, {}, texts);
    const summary = Object.keys(counts).sort().map(type => `${type}=${counts[type]}`).join(' ');
    console.log(`ok ${name} ${summary} svg=${svg.length}` + (texts.length ? ` text=${texts[0]}` : ''));
  } catch (error) {
    failures++;
    console.log(`not ok ${name}: ${error.message}`);
  }
}
if (failures > 0) process.exit(1);
