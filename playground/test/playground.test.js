// playground.test.js — the playground page (playground/dist/index.html)
// loaded from file:// in headless Chromium (puppeteer-core on the system
// browser), used as HR would: type into the policy, watch the results and
// the inline diagnostics, click a value for its explanation, try a what-if;
// then the same page served over HTTP, as a static host would.
//
//   node playground.test.js DIST_DIR SCREENSHOT.png [CHROMIUM]
//
// The expected values are worked out by hand from the June roster
// (examples/roster-2014-06.json): CS-0101 has one paid deal, customer
// C-000218374 (no other record has it), profit 6250; commission is
// round(commission_rate * credited_paid_profit, 2) (policy line 152), so
// 8% (the shipped rate) gives 500.00, 10% gives 625.00, 12% gives 750.00;
// and commission is one of total_pay's terms, so total_pay moves with it.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [dist, shot, chrome = '/usr/bin/chromium'] = process.argv.slice(2);
if (!dist || !shot) {
    console.error('usage: node playground.test.js DIST_DIR SCREENSHOT.png [CHROMIUM]');
    process.exit(2);
}
const url = 'file://' + path.resolve(dist, 'index.html');
let failures = 0;
function check(ok, what, got) {
    if (ok) console.log('ok   ' + what);
    else {
        failures++;
        console.log('FAIL ' + what + (got === undefined ? '' : ': got ' + JSON.stringify(got)));
    }
}
const cents = s => Math.round(Number(s) * 100); // test-side arithmetic on two-place money texts only

(async () => {
    const browser = await puppeteer.launch({
        executablePath: chrome,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 1000 });
    const problems = [];
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.type() + ': ' + m.text()); });
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('requestfailed', r => problems.push('request failed: ' + r.url()));

    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body.ready', { timeout: 60000 });
    const cell = (id, output) => page.$eval(`#results td[data-id="${id}"][data-output="${output}"]`, td => td.textContent);
    const waitCell = (id, output, text) => page.waitForFunction((i, o, t) => {
        const td = document.querySelector(`#results td[data-id="${i}"][data-output="${o}"]`);
        return td && td.textContent === t;
    }, { timeout: 30000 }, id, output, text).then(() => true, () => false);

    // the defaults: the shipped 2014 policy and the June roster
    check((await page.$eval('#tabs', e => e.textContent)).includes('customer-service-2014.rules'), 'the 2014 policy is loaded');
    const rows = await page.$$eval('#results tbody tr', trs => trs.length);
    check(rows === 39, 'the June roster gives 39 rows (one per record)', rows);
    check(await cell('CS-0101', 'commission') === '500.00', "CS-0101's commission is 8% of 6250 = 500.00", await cell('CS-0101', 'commission'));
    const total0 = await cell('CS-0101', 'total_pay');
    const kw = await page.$$eval('#policy pre .kw', s => s.map(x => x.textContent));
    check(kw.includes('param') && kw.includes('output'), 'keywords are highlighted', kw.slice(0, 5));

    // type a change into the policy: commission rate 8% -> 10%
    const area = '#policy textarea';
    async function selectText(needle, offset, length) {
        await page.$eval(area, (ta, n, o, l) => {
            const at = ta.value.indexOf(n);
            if (at < 0) throw new Error('not in the policy: ' + n);
            ta.focus();
            ta.setSelectionRange(at + o, at + o + l);
        }, needle, offset, length);
    }
    await selectText('commission rate" = 8%', 'commission rate" = '.length, 2);
    await page.keyboard.type('10%');
    check(await waitCell('CS-0101', 'commission', '625.00'), "after typing 10%, CS-0101's commission is 6250 x 10% = 625.00",
        await cell('CS-0101', 'commission'));
    const total1 = await cell('CS-0101', 'total_pay');
    check(cents(total1) - cents(total0) === 12500, "CS-0101's total_pay rises by the 125.00 more commission", [total0, total1]);

    // a mistake typed into the policy: the unknown name is underlined where it is, with the checker's hint
    await selectText('round(commission_rate *', 'round(commission_rat'.length, 1);
    await page.keyboard.press('Delete');
    const squiggle = await page.waitForSelector('#policy pre .squiggle.error', { timeout: 30000 }).then(e => e.evaluate(s => ({
        text: s.textContent, title: s.title })), () => null);
    check(squiggle && squiggle.text === 'commission_rat', 'the unknown name is underlined in the editor', squiggle);
    check(squiggle && /did you mean 'commission_rate'/.test(squiggle.title), 'its tooltip has the hint', squiggle);
    const lens = await page.$$eval('#policy pre .lens.error', s => s.map(x => x.textContent));
    check(lens.some(t => t.includes("unknown name 'commission_rat'")), 'the message is shown at the end of its line', lens);
    const gutter = await page.$$eval('#policy .gutter div.error', d => d.map(x => x.textContent));
    check(gutter.length === 1 && gutter[0] === '152', 'the gutter marks line 152', gutter);
    const listed = await page.$$eval('#diags li.error', l => l.map(x => x.textContent));
    check(listed.length === 1 && listed[0].includes('customer-service-2014.rules:152:48'), 'the error is listed at 152:48', listed);
    check(await page.$eval('#results', t => t.classList.contains('stale')), 'the results are marked stale while the policy has an error');
    await page.keyboard.type('e');
    const clean = await page.waitForFunction(() => !document.querySelector('#policy pre .squiggle') &&
        !document.querySelector('#results.stale'), { timeout: 30000 }).then(() => true, () => false);
    check(clean, 'fixing the name clears the diagnostic');

    // click a value: its explanation
    await page.click('#results td[data-id="CS-0101"][data-output="commission"]');
    await page.waitForFunction(() => document.querySelector('#explain').textContent.length > 0, { timeout: 30000 });
    const why = await page.$eval('#explain', e => e.textContent);
    check(/^commission\s+625\.00/m.test(why), 'explain: commission 625.00', why);
    check(/commission_rate\s+10%/.test(why), 'explain: commission_rate 10% (the rate typed into the policy)', why);
    check(/credited_paid_profit\s+6250\.00/.test(why), 'explain: credited_paid_profit 6250.00', why);
    check(why.includes('C-000218374'), "explain: the deal's customer", why);

    // what-if: --set commission_rate=12%
    await page.click('#sets');
    await page.keyboard.type('commission_rate=12%');
    check(await waitCell('CS-0101', 'commission', '625.00 \u2192 750.00'), 'what-if 12%: the cell shows 625.00 \u2192 750.00',
        await cell('CS-0101', 'commission'));
    const diff = await page.$eval('#diff', e => e.textContent);
    check(/CS-0101[\s\S]*commission\s+625\.00 \u2192 750\.00\s+\(\+125\.00\)/.test(diff), 'the diff lists CS-0101: 625.00 \u2192 750.00 (+125.00)', diff.slice(0, 300));
    await page.click('#sets', { clickCount: 3 });
    await page.keyboard.type('no_such_param=1');
    const refused = await page.waitForFunction(() => document.querySelector('#set-errors').textContent.length > 0,
        { timeout: 30000 }).then(() => page.$eval('#set-errors', e => e.textContent), () => '');
    check(refused.includes('no_such_param'), 'an unknown param in the what-if is refused, by name', refused);
    await page.click('#sets', { clickCount: 3 });
    await page.keyboard.type('commission_rate=12%');
    await waitCell('CS-0101', 'commission', '625.00 \u2192 750.00');
    await page.click('#results td[data-id="CS-0101"][data-output="commission"]');

    await page.screenshot({ path: shot });
    console.log('screenshot: ' + shot);

    // a CSV roster opened from disk, for a policy written into the editor: A-2's
    // bonus is 12.35 x 10% = 1.235, 1.24 rounded half away from zero; a cell
    // that is not a number refuses its record, naming the cell (B4)
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-playground-'));
    fs.writeFileSync(path.join(tmp, 'sales.csv'), 'id,sales\nA-1,100\nA-2,12.35\nA-3,abc\n');
    await page.$eval(area, ta => {
        ta.value = 'input:\n    id: text, key\n    sales: money\n\noutput bonus = round(sales * 10%, 2)\n';
        ta.dispatchEvent(new Event('input'));
    });
    await (await page.$('#open-roster')).uploadFile(path.join(tmp, 'sales.csv'));
    check(await waitCell('A-2', 'bonus', '1.24'), 'a CSV roster: A-2 bonus 1.24', await page.$eval('#results', t => t.textContent).catch(() => ''));
    check(await cell('A-1', 'bonus') === '10.00', 'a CSV roster: A-1 bonus 10.00');
    const refusedRow = await page.$$eval('#results tr.refused', trs => trs.map(t => t.textContent));
    check(refusedRow.length === 1 && refusedRow[0].startsWith('A-3') && refusedRow[0].includes('sales.csv cell B4'),
        "a CSV roster: A-3 refused, its cell named", refusedRow);
    fs.rmSync(tmp, { recursive: true, force: true });

    check(problems.length === 0, 'the page logged no error or warning and loaded nothing from the network', problems);

    // the same page from a static web server (only GETs of its own files)
    const server = http.createServer((req, res) => {
        const name = decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '') || 'index.html';
        const file = path.resolve(dist, name);
        if (!file.startsWith(path.resolve(dist) + path.sep) || !fs.existsSync(file)) {
            res.writeHead(404);
            res.end();
            return;
        }
        const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
        res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
        res.end(fs.readFileSync(file));
    });
    await new Promise(ok => server.listen(0, '127.0.0.1', ok));
    const served = await browser.newPage();
    const servedProblems = [];
    served.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') servedProblems.push(m.text()); });
    served.on('pageerror', e => servedProblems.push('page error: ' + e.message));
    served.on('response', r => { if (r.status() >= 400) servedProblems.push(r.status() + ' ' + r.url()); });
    await served.goto('http://127.0.0.1:' + server.address().port + '/', { waitUntil: 'load' });
    const ready = await served.waitForSelector('body.ready', { timeout: 60000 }).then(() => true, () => false);
    const servedRows = ready ? await served.$$eval('#results tbody tr', trs => trs.length) : 0;
    check(ready && servedRows === 39, 'from a static web server too: 39 rows', servedRows);
    check(servedProblems.length === 0, 'served, the page logs nothing and asks for nothing missing', servedProblems);
    server.close();
    await browser.close();
    if (failures) {
        console.log(failures + ' check(s) failed');
        process.exit(1);
    }
    console.log('playground: all checks passed');
})().catch(e => {
    console.error('playground test: ' + (e.stack || e));
    process.exit(1);
});
