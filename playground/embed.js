// embed.js — writes the playground's default files as a script
// (playground/dist/defaults.js): a page opened from file:// may not fetch
// them.  Arguments: the policy files (rules/X.rules first, then its
// includes, each named by its path under rules/) and one roster (*.json).
'use strict';
const fs = require('fs');
const defaults = { policy: [], roster: null };
for (const path of process.argv.slice(2)) {
    const text = fs.readFileSync(path, 'utf8');
    if (path.endsWith('.json')) defaults.roster = { name: path.replace(/^.*\//, ''), text };
    else defaults.policy.push({ name: path.replace(/^rules\//, ''), text });
}
if (!defaults.policy.length || !defaults.roster) {
    process.stderr.write('embed.js: give the policy files and a roster (.json)\n');
    process.exit(2);
}
process.stdout.write('// made by playground/embed.js from ' + process.argv.slice(2).join(', ') + '\n' +
                     'window.KAOHE_DEFAULTS = ' + JSON.stringify(defaults) + ';\n');
