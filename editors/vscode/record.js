// record.js — helpers of the Explain command that need no VS Code (tested
// by test/record.test.js with plain node): the .kaohe.json that applies to a
// file, and the roster record the cursor is in.
'use strict';
const fs = require('fs');
const path = require('path');

// The nearest .kaohe.json at or above dir, parsed, with the directory it is in.
function findConfig(dir) {
  for (let d = dir, i = 0; i < 16; i++) {
    const f = path.join(d, '.kaohe.json');
    if (fs.existsSync(f)) {
      try { return { dir: d, config: JSON.parse(fs.readFileSync(f, 'utf8')) }; } catch (e) {
        throw new Error(`${f} is not JSON: ${e.message}`);
      }
    }
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return null;
}

// The record (a JSON object at the top level of an array, or an NDJSON line)
// that holds offset, parsed; null when the cursor is not in one.
function recordAt(text, offset) {
  const recordDepth = text.trimStart().startsWith('[') ? 1 : 0; // an array's entries, or NDJSON lines
  let depth = 0, inString = false, start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (c === '{' && depth === recordDepth) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (c === '}' && start >= 0 && depth === recordDepth) {
        if (start <= offset && offset <= i) {
          try { return JSON.parse(text.slice(start, i + 1)); } catch (e) { return null; }
        }
        start = -1;
      }
    }
  }
  return null;
}

module.exports = { findConfig, recordAt };
