// golden_eval.js — the WebAssembly build against the golden cases: every
// tests/golden case that runs `kaohe eval POLICY INPUT` (JSON or NDJSON out,
// --set allowed; no other option, no standard input) is run through the
// module's play_eval, which calls kh_eval as the CLI does, and its output
// must be the case's hand-written expected.out byte for byte.  This is what
// shows that mini-gmp (with playground/wasm/gmp.h's additions), the qsort_r
// of playground/wasm/compat.c and 32-bit pointers give kaohe's numbers.
//
//   node golden_eval.js KAOHE_JS GOLDEN_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [kaoheJs, golden] = process.argv.slice(2);
if (!kaoheJs || !golden) {
    console.error('usage: node golden_eval.js playground/dist/kaohe.js tests/golden');
    process.exit(2);
}

function copyTree(M, from, to) {
    M.FS.mkdirTree(to);
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
        if (e.isDirectory()) copyTree(M, path.join(from, e.name), to + '/' + e.name);
        else if (e.isFile()) M.FS.writeFile(to + '/' + e.name, fs.readFileSync(path.join(from, e.name)));
    }
}

// the case's eval call, or null when it uses what play_eval does not do
function evalCall(args) {
    if (args[0] !== 'eval' || args.some(a => a.includes('@TMP@'))) return null;
    const call = { format: 'json', sets: [], files: [] };
    for (let i = 1; i < args.length; i++) {
        const a = args[i];
        if (a === '--format') {
            call.format = args[++i];
            if (call.format !== 'json' && call.format !== 'ndjson') return null;
        } else if (a === '--set') call.sets.push(args[++i]);
        else if (a.startsWith('-')) return null; // another option, or standard input
        else call.files.push(a);
    }
    return call.files.length === 2 ? call : null;
}

require(path.resolve(kaoheJs))().then(M => {
    // the cases' own paths reach ../../../examples and rules: the same tree
    const root = path.resolve(golden, '..', '..');
    copyTree(M, golden, '/r/tests/golden');
    for (const d of ['examples', 'rules']) copyTree(M, path.join(root, d), '/r/' + d);
    let run = 0;
    const failed = [];
    for (const c of fs.readdirSync(golden).sort()) {
        const dir = path.join(golden, c);
        if (c.startsWith('known-bug-') || !fs.existsSync(path.join(dir, 'args'))) continue;
        const args = fs.readFileSync(path.join(dir, 'args'), 'utf8').split('\n');
        while (args.length && args[args.length - 1] === '') args.pop();
        const call = evalCall(args);
        if (!call) continue;
        M.FS.chdir('/r/tests/golden/' + c);
        const out = M.ccall('play_eval', 'string', ['string', 'string', 'string', 'string'],
            [call.files[0], call.files[1], call.sets.join('\n'), call.format]);
        const want = fs.readFileSync(path.join(dir, 'expected.out'), 'utf8');
        run++;
        if (out !== want) {
            failed.push(c);
            console.log('FAIL ' + c + '\n--- expected\n' + want.slice(0, 600) + '\n--- wasm\n' + out.slice(0, 600));
        }
    }
    console.log('golden_eval: ' + (run - failed.length) + ' of ' + run + ' eval cases give expected.out in WebAssembly' +
        (failed.length ? '; failed: ' + failed.join(' ') : ''));
    process.exit(failed.length || run < 20 ? 1 : 0);
});
