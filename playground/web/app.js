// app.js — the playground page: the policy files and the roster go into
// the WebAssembly module's in-memory file system, and each edit re-runs
// play_run (diagnostics, results, the what-if diff); a click on a result
// asks play_explain why it is what it is.  Nothing leaves the page.
'use strict';

/* global KaoheModule, KaoheEditor */
(function () {
    const $ = id => document.getElementById(id);
    const DIR = '/play/';
    const defaults = window.KAOHE_DEFAULTS;
    // the roster: its file name (JSON, NDJSON or CSV are read by kaohe as
    // `kaohe eval` reads them) and its text, or an XLSX workbook's bytes
    const state = { files: defaults.policy.map(f => ({ ...f })), current: 0, roster: defaults.roster.text,
        rosterName: defaults.roster.name, sets: '' };
    let M, editor, timer, last = null, selected = null;

    const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    const fileOf = path => (path || '').startsWith(DIR) ? path.slice(DIR.length) : path;

    function writeFiles() {
        for (const f of state.files) {
            const path = DIR + f.name;
            M.FS.mkdirTree(path.slice(0, path.lastIndexOf('/')));
            M.FS.writeFile(path, f.text);
        }
        M.FS.mkdirTree(DIR + 'roster');
        for (const old of M.FS.readdir(DIR + 'roster')) if (old !== '.' && old !== '..') M.FS.unlink(DIR + 'roster/' + old);
        M.FS.writeFile(rosterPath(), state.roster);
    }

    const rosterPath = () => DIR + 'roster/' + state.rosterName;

    const policyPath = () => DIR + state.files[0].name;
    const call = (fn, args) => M.ccall(fn, 'string', args.map(() => 'string'), args);

    function run() {
        writeFiles();
        last = JSON.parse(call('play_run', [policyPath(), rosterPath(), state.sets]));
        showDiagnostics(last.diags);
        showStatus(last);
        showTable(last);
        showWhatIf(last);
        if (selected) explain(selected.id, selected.output, false);
    }

    function schedule() {
        clearTimeout(timer);
        timer = setTimeout(run, 200);
    }

    // ---- the policy files ------------------------------------------------
    function showTabs(diags) {
        $('tabs').innerHTML = state.files.map((f, i) => {
            const n = (diags || []).filter(d => fileOf(d.file) === f.name && d.severity === 'error').length;
            return '<button class="tab' + (i === state.current ? ' current' : '') + '" data-i="' + i + '">' + esc(f.name) +
                (n ? ' <span class="badge">' + n + '</span>' : '') + '</button>';
        }).join('');
    }

    function showDiagnostics(diags) {
        const mine = diags.filter(d => fileOf(d.file) === state.files[state.current].name);
        editor.setDiagnostics(mine);
        showTabs(diags);
        $('diags').innerHTML = diags.map((d, i) =>
            '<li class="' + d.severity + '" data-i="' + i + '"><b>' + esc(d.severity) + '</b> ' +
            esc((fileOf(d.file) || '') + (d.line ? ':' + d.line + ':' + d.col : '')) + ' ' + esc(d.message) +
            (d.hint ? '<div class="hint">' + esc(d.hint) + '</div>' : '') + '</li>').join('');
    }

    $('tabs').addEventListener('click', e => {
        const b = e.target.closest('.tab');
        if (!b) return;
        state.current = +b.dataset.i;
        editor.text = state.files[state.current].text;
        if (last) showDiagnostics(last.diags);
    });

    $('diags').addEventListener('click', e => {
        const li = e.target.closest('li');
        if (!li || !last) return;
        const d = last.diags[+li.dataset.i];
        const i = state.files.findIndex(f => f.name === fileOf(d.file));
        if (i < 0 || !d.line) return;
        if (i !== state.current) {
            state.current = i;
            editor.text = state.files[i].text;
            showDiagnostics(last.diags);
        }
        editor.reveal(d.line, d.col);
    });

    // ---- results ---------------------------------------------------------
    function showStatus(r) {
        const errors = r.diags.filter(d => d.severity === 'error').length;
        const warnings = r.diags.filter(d => d.severity === 'warning').length;
        let s;
        if (!r.loaded) s = '<span class="bad">\u2716 the policy has ' + errors + ' error' + (errors === 1 ? '' : 's') + '</span>';
        else {
            const refused = r.rows.filter(x => x.error).length;
            s = '<span class="good">\u2714 ' + r.rows.length + ' records</span>' +
                (refused ? ', <span class="bad">' + refused + ' refused</span>' : '') +
                (r.checks.length ? ', <span class="bad">' + r.checks.length + ' roster checks failed</span>' : '');
        }
        if (warnings) s += ', ' + warnings + ' warning' + (warnings === 1 ? '' : 's');
        $('status').innerHTML = s;
        $('fatal').textContent = [r.fatal, r.roster_notes].filter(Boolean).join('\n');
    }

    const numeric = t => /^(money|decimal|integer|percent)/.test(t);

    function showTable(r) {
        const table = $('results');
        if (!r.loaded) { // keep the last results, dimmed, while the policy has errors
            table.classList.add('stale');
            return;
        }
        table.classList.remove('stale');
        const head = '<thead><tr><th>id</th>' + r.outputs.map(o =>
            '<th title="' + esc((o.label ? o.label + '\n' : '') + o.type) + '">' + esc(o.name) + '</th>').join('') + '</tr></thead>';
        const what = r.whatif_rows || null;
        const body = r.rows.map((row, k) => {
            const id = row.id === null ? '' : row.id;
            if (row.error)
                return '<tr class="refused"><td>' + esc(id) + '</td><td colspan="' + r.outputs.length + '">' + esc(row.error) + '</td></tr>';
            const alt = what && what[k] && !what[k].error ? what[k].values : null;
            return '<tr><td>' + esc(id) + '</td>' + row.values.map((v, i) => {
                const o = r.outputs[i];
                const text = v === null ? '\u2014' : v;
                const changed = alt && alt[i] !== v;
                const cls = [numeric(o.type) ? 'n' : '', v === null ? 'absent' : '', changed ? 'changed' : '',
                    selected && selected.id === row.id && selected.output === o.name ? 'selected' : ''].filter(Boolean).join(' ');
                return '<td data-id="' + esc(id) + '" data-output="' + esc(o.name) + '"' + (cls ? ' class="' + cls + '"' : '') + '>' +
                    esc(text) + (changed ? ' <span class="arrow">\u2192 ' + esc(alt[i] === null ? '\u2014' : alt[i]) + '</span>' : '') + '</td>';
            }).join('') + '</tr>';
        }).join('');
        const checks = r.checks.length ? '<tfoot>' + r.checks.map(c => '<tr class="refused"><td colspan="' +
            (r.outputs.length + 1) + '">' + esc(c) + '</td></tr>').join('') + '</tfoot>' : '';
        table.innerHTML = head + '<tbody>' + body + '</tbody>' + checks;
    }

    function explain(id, output, scroll) {
        selected = { id, output };
        for (const td of document.querySelectorAll('#results td.selected')) td.classList.remove('selected');
        for (const td of document.querySelectorAll('#results td[data-output]'))
            if (td.dataset.id === id && td.dataset.output === output) td.classList.add('selected');
        $('explain-title').textContent = 'Why ' + id + '\u2019s ' + output + ' is what it is';
        $('explain').textContent = call('play_explain', [policyPath(), rosterPath(), '', id, output]);
        if (scroll) $('explain').scrollIntoView({ block: 'nearest' });
    }

    $('results').addEventListener('click', e => {
        const td = e.target.closest('td[data-output]');
        if (!td || !last || !last.loaded) return;
        if (!td.dataset.id) {
            $('explain').textContent = 'this record has no id: explain needs the policy\u2019s key';
            return;
        }
        explain(td.dataset.id, td.dataset.output, true);
    });

    // ---- what-if -----------------------------------------------------------
    function showWhatIf(r) {
        $('set-errors').textContent = (r.set_errors || []).join('\n');
        $('diff').textContent = r.diff || (state.sets.trim() ? '' : 'Write name=value lines above (as kaohe eval --set takes them) to see what would change.');
    }

    // ---- the roster ----------------------------------------------------------
    function setRoster(name, content) {
        state.rosterName = name.replace(/[/\\]/g, '_');
        state.roster = content;
        const text = typeof content === 'string';
        $('roster').value = text ? content : '(an XLSX workbook: ' + name + ')';
        $('roster').readOnly = !text;
        $('roster-name').textContent = name;
    }

    function openRoster(f) {
        const binary = /\.xlsx$/i.test(f.name);
        (binary ? f.arrayBuffer().then(b => new Uint8Array(b)) : f.text()).then(content => {
            setRoster(f.name, content);
            run();
        });
    }

    // ---- start -------------------------------------------------------------
    KaoheModule().then(mod => {
        M = mod;
        const words = JSON.parse(M.ccall('play_words', 'string', [], []));
        editor = KaoheEditor($('policy'), words, text => {
            state.files[state.current].text = text;
            schedule();
        });
        editor.text = state.files[0].text;
        setRoster(defaults.roster.name, defaults.roster.text);
        $('roster').addEventListener('input', () => { state.roster = $('roster').value; schedule(); });
        $('sets').addEventListener('input', () => { state.sets = $('sets').value; schedule(); });
        $('open-roster').addEventListener('change', e => { if (e.target.files[0]) openRoster(e.target.files[0]); });
        // a roster file dropped on the roster's box
        $('roster-box').addEventListener('dragover', e => { e.preventDefault(); $('roster-box').classList.add('drop'); });
        $('roster-box').addEventListener('dragleave', () => $('roster-box').classList.remove('drop'));
        $('roster-box').addEventListener('drop', e => {
            e.preventDefault();
            $('roster-box').classList.remove('drop');
            if (e.dataTransfer.files[0]) openRoster(e.dataTransfer.files[0]);
        });
        $('reset').addEventListener('click', () => {
            state.files = defaults.policy.map(f => ({ ...f }));
            state.current = 0;
            setRoster(defaults.roster.name, defaults.roster.text);
            state.sets = $('sets').value = '';
            editor.text = state.files[0].text;
            selected = null;
            $('explain').textContent = '';
            run();
        });
        run();
        document.body.classList.add('ready');
    }).catch(err => {
        $('status').innerHTML = '<span class="bad">kaohe could not start: ' + esc(err) + '</span>';
    });
})();
