#!/usr/bin/env node
/*
 * Search quality on a built site: `node tests/js/search-quality.test.js <output folder>`.
 * Loads the published index and document store with lunr.js and runs the page's own search logic
 * (theme/assets/js/search-core.js), then checks, for phrases taken from the reports themselves:
 *   - recall: every report containing the phrase is found;
 *   - precision: at least 95% of results contain it;
 * and that advertising and marker text finds nothing, masked queries (D建) equal restored ones
 * (党建), and space-separated words are all required. Exits non-zero on failure.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');

const root = path.resolve(__dirname, '..', '..');
const lunr = require(path.join(root, 'theme', 'node_modules', 'lunr', 'lunr.js'));
const tokenizer = require(path.join(root, 'theme', 'assets', 'js', 'tokenizer.js'));
const core = require(path.join(root, 'theme', 'assets', 'js', 'search-core.js'));

const output = process.argv[2];
if (!output) { console.error('usage: search-quality.test.js <output folder>'); process.exit(2); }
const searchDir = path.join(output, 'search');
const find = (prefix) => path.join(searchDir, fs.readdirSync(searchDir).find((f) => f.startsWith(prefix) && f.endsWith('.json')));
const index = lunr.Index.load(JSON.parse(fs.readFileSync(find('index.'), 'utf8')));
const docs = JSON.parse(fs.readFileSync(find('documents.'), 'utf8'));
const page = fs.readFileSync(path.join(searchDir, 'index.html'), 'utf8');
const attr = /data-unmask="([^"]*)"/.exec(page);
const unescapeHtml = (s) => s
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const rules = core.compileRules(attr ? JSON.parse(unescapeHtml(attr[1])) : []);
assert.ok(rules.length > 0, 'the search page carries the unmask rules');

const run = (q, filters) => core.search(lunr, tokenizer, index, docs, q, filters || {}, rules);
const contains = (doc, phrase) => core.norm(doc.title + '\n' + doc.text).includes(core.norm(phrase));

// A deterministic generator, so failures can be reproduced.
let seed = 20231019;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };

let checked = 0;
let precisionTotal = 0;
const failures = [];
for (let attempt = 0; attempt < 10000 && checked < 300; attempt++) {
  const doc = docs[Math.floor(random() * docs.length)];
  const runs = doc.text.match(/[\u3400-\u9fff]{2,}/g) || [];
  if (runs.length === 0) { continue; }
  const runChars = Array.from(runs[Math.floor(random() * runs.length)]);
  const length = Math.min(runChars.length, 2 + Math.floor(random() * 7));
  const start = Math.floor(random() * (runChars.length - length + 1));
  const phrase = runChars.slice(start, start + length).join('');
  const expected = docs.filter((d) => contains(d, phrase)).map((d) => d.id).sort();
  const results = run(phrase).results.map((r) => r.doc);
  const found = results.map((d) => d.id).sort();
  const missing = expected.filter((id) => !found.includes(id));
  if (missing.length > 0) { failures.push(`"${phrase}": missing ${missing.join(', ')}`); }
  const relevant = results.filter((d) => contains(d, phrase)).length;
  precisionTotal += results.length === 0 ? 1 : relevant / results.length;
  checked++;
}
assert.ok(checked >= 200, `only ${checked} phrases sampled`);
assert.deepEqual(failures, [], 'every report containing a phrase is found');
const precision = precisionTotal / checked;
assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)} below 0.95`);

for (const noise of ['哒哒素材库', 'paidbegin', '##paidend##', '哒哒代笔', 'svip会员', '每天更新材料1000多篇']) {
  assert.equal(run(noise).results.length, 0, `"${noise}" must find nothing`);
}

const restored = run('党建').results.map((r) => r.doc.id).sort();
assert.ok(restored.length > 0, '党建 finds reports');
assert.deepEqual(run('D建').results.map((r) => r.doc.id).sort(), restored, 'D建 and 党建 agree');

const both = run('林长制 森林').results.map((r) => r.doc);
assert.ok(both.length > 0);
assert.ok(both.every((d) => contains(d, '林长制') && contains(d, '森林')), 'all words are required');
assert.ok(run('林长制').results.length >= both.length);

const filtered = run('工作', { level: '区' }).results.map((r) => r.doc);
assert.ok(filtered.length > 0 && filtered.every((d) => d.level === '区'), 'filters narrow results');

console.log(`search quality: ${checked} phrases, recall 100%, precision ${(precision * 100).toFixed(1)}%; noise finds nothing; D建 = 党建`);
