// editor.js — the playground's policy editor: a plain <textarea> over a
// highlighted copy of its text (same font, same scroll), line numbers, and
// the checker's diagnostics drawn inline: the span underlined, the message
// at the end of its line, the whole of it in the span's tooltip.  The words
// it highlights are the language's own (play_words: the lexer's table).
'use strict';

/* exported KaoheEditor */
function KaoheEditor(root, words, onChange) {
    const wordClass = new Map();
    const add = (list, cls) => list.forEach(w => w.split(' ').forEach(part => wordClass.set(part, cls)));
    add(words.context, 'ctx');
    add(words.unit, 'unit');
    add(words.function, 'fn');
    add(words.phrase, 'kw');
    add(words.keyword, 'kw');

    root.classList.add('editor');
    const gutter = document.createElement('div');
    gutter.className = 'gutter';
    const body = document.createElement('div');
    body.className = 'editor-body';
    const layer = document.createElement('pre');
    layer.className = 'highlight';
    layer.setAttribute('aria-hidden', 'true');
    const area = document.createElement('textarea');
    area.spellcheck = false;
    area.wrap = 'off';
    area.setAttribute('autocapitalize', 'off');
    area.setAttribute('aria-label', root.dataset.label || 'editor');
    body.append(layer, area);
    root.append(gutter, body);

    let diags = [];

    // one class per character (code point) of a line: the token it is in
    function tokenClasses(chars) {
        const cls = new Array(chars.length).fill('');
        let i = 0;
        const isWordStart = c => /[\p{L}_]/u.test(c);
        const isWord = c => /[\p{L}\p{N}_]/u.test(c);
        while (i < chars.length) {
            const c = chars[i];
            if (c === '#') {
                cls.fill('com', i);
                break;
            }
            if (c === '"' || c === '\u201c') {
                const close = c === '"' ? '"' : '\u201d';
                let j = i + 1;
                while (j < chars.length && chars[j] !== close) j += chars[j] === '\\' ? 2 : 1;
                j = Math.min(j + 1, chars.length);
                cls.fill('str', i, j);
                i = j;
            } else if (/[0-9]/.test(c)) {
                let j = i + 1;
                while (j < chars.length && /[0-9_.,%]/.test(chars[j])) j++;
                cls.fill('num', i, j);
                i = j;
            } else if (isWordStart(c)) {
                let j = i + 1;
                while (j < chars.length && isWord(chars[j])) j++;
                const w = chars.slice(i, j).join('');
                cls.fill(wordClass.get(w) || 'name', i, j);
                i = j;
            } else {
                if ('=<>+-*/:'.includes(c)) cls[i] = 'op';
                i++;
            }
        }
        return cls;
    }

    const esc = s => s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    const rank = { error: 3, warning: 2, note: 1 };

    function render() {
        const lines = area.value.split('\n');
        const marks = lines.map(() => null); // per line: per char, the worst diagnostic over it
        const lens = lines.map(() => []);
        for (const d of diags) {
            if (!d.line) continue;
            const first = d.line - 1;
            const last = Math.max(first, (d.end_line || d.line) - 1);
            if (first >= lines.length) continue;
            lens[first].push(d);
            for (let l = first; l <= last && l < lines.length; l++) {
                const n = Array.from(lines[l]).length;
                let from = l === first ? d.col - 1 : 0;
                let to = l === last ? d.end_col - 1 : n;
                if (to <= from) to = from + 1; // a point: its character (or one past the end)
                marks[l] = marks[l] || [];
                for (let c = from; c < to; c++)
                    if (!marks[l][c] || rank[d.severity] > rank[marks[l][c].severity]) marks[l][c] = d;
            }
        }
        const html = lines.map((line, l) => {
            const chars = Array.from(line);
            const cls = tokenClasses(chars);
            const m = marks[l] || [];
            const n = Math.max(chars.length, m.length);
            let out = '';
            let i = 0;
            while (i < n) {
                const d = m[i];
                let j = i + 1;
                while (j < n && (cls[j] || '') === (cls[i] || '') && m[j] === d) j++;
                const text = chars.slice(i, j).join('') || ' '.repeat(j - i);
                let c = cls[i] || '';
                if (d) c += ' squiggle ' + d.severity;
                const title = d ? ' title="' + esc(d.severity + ': ' + d.message + (d.hint ? '\n' + d.hint : '')) + '"' : '';
                out += c ? '<span class="' + c.trim() + '"' + title + '>' + esc(text) + '</span>' : esc(text);
                i = j;
            }
            for (const d of lens[l])
                out += '<span class="lens ' + d.severity + '">' + esc('  \u25c0 ' + d.severity + ': ' + d.message) + '</span>';
            return out;
        }).join('\n');
        layer.innerHTML = html + '\n';
        gutter.innerHTML = lines.map((_, l) => {
            const worst = (lens[l].slice().sort((a, b) => rank[b.severity] - rank[a.severity])[0] || {}).severity;
            return '<div' + (worst ? ' class="' + worst + '"' : '') + '>' + (l + 1) + '</div>';
        }).join('');
        sync();
    }

    function sync() {
        layer.scrollTop = area.scrollTop;
        layer.scrollLeft = area.scrollLeft;
        gutter.scrollTop = area.scrollTop;
    }

    area.addEventListener('input', () => {
        render();
        onChange(area.value);
    });
    area.addEventListener('scroll', sync);
    area.addEventListener('keydown', e => {
        if (e.key === 'Tab') { // indentation, not leaving the editor
            e.preventDefault();
            document.execCommand('insertText', false, '    ');
        }
    });

    return {
        area,
        get text() { return area.value; },
        set text(t) { area.value = t; area.scrollTop = 0; render(); },
        setDiagnostics(list) { diags = list; render(); },
        // puts the caret at line:col (1-based) and scrolls to it
        reveal(line, col) {
            const lines = area.value.split('\n');
            let pos = 0;
            for (let l = 0; l < line - 1 && l < lines.length; l++) pos += lines[l].length + 1;
            const chars = Array.from(lines[line - 1] || '');
            pos += chars.slice(0, Math.max(0, col - 1)).join('').length;
            area.focus();
            area.setSelectionRange(pos, pos);
            const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
            area.scrollTop = Math.max(0, (line - 5) * lineHeight);
            sync();
        },
    };
}
