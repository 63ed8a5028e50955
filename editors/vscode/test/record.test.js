// record.test.js — the Explain command's helpers (node test/record.test.js).
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { findConfig, recordAt } = require('../record');

const arr = '[\n {"id": "A1", "note": "a } in text {"},\n {"id": "B2", "deals": [{"x": 1}]}\n]\n';
assert.strictEqual(recordAt(arr, arr.indexOf('"A1"')).id, 'A1', 'the first record');
assert.strictEqual(recordAt(arr, arr.indexOf('"x"')).id, 'B2', 'inside a nested list: the record around it');
assert.strictEqual(recordAt(arr, 0), null, 'the array bracket is in no record');
const nd = '{"id": "N1"}\n{"id": "N2", "q": {"a": 2}}\n';
assert.strictEqual(recordAt(nd, nd.indexOf('"a"')).id, 'N2', 'NDJSON: the line holding the cursor');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-vscode-'));
fs.mkdirSync(path.join(tmp, 'rules'));
fs.writeFileSync(path.join(tmp, '.kaohe.json'), '{"roster": "june.json", "record": "A1"}');
const found = findConfig(path.join(tmp, 'rules'));
assert.deepStrictEqual(found, { dir: tmp, config: { roster: 'june.json', record: 'A1' } }, 'the config above');
fs.writeFileSync(path.join(tmp, 'rules', '.kaohe.json'), '{oops');
assert.throws(() => findConfig(path.join(tmp, 'rules')), /is not JSON/, 'a broken config is said');
fs.rmSync(tmp, { recursive: true });
console.log('record.test.js: all passed');
