#!/usr/bin/env node
/*
 * Search quality on a built site: `node tests/js/search-quality.test.js <output folder>`.
 * Runs the page's own search (theme/assets/js/search-core.js's createSearcher, with lunr.js) over
 * the published manifest, index shards and document chunks, read from disk as the page fetches
 * them, then checks, for phrases taken from the reports themselves:
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
const manifestName = fs.readdirSync(searchDir).find((f) => f.startsWith('manifest.') && f.endsWith('.json'));
const manifest = JSON.parse(fs.readFileSync(path.join(searchDir, manifestName), 'utf8'));
const fetched = new Set();
const fetchJson = (name) => {
  fetched.add(name);
  return Promise.resolve().then(() => JSON.parse(fs.readFileSync(path.join(searchDir, name), 'utf8')));
};
// Every report, read once for the checks (not through the searcher).
const docs = manifest.chunks.flatMap((c) => JSON.parse(fs.readFileSync(path.join(searchDir, `documents/${c[0]}.${c[1]}.json`), 'utf8')));
assert.equal(docs.length, manifest.documents, 'the chunks hold every report');
const page = fs.readFileSync(path.join(searchDir, 'index.html'), 'utf8');
const attr = /data-unmask="([^"]*)"/.exec(page);
const unescapeHtml = (s) => s
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const rules = core.compileRules(attr ? JSON.parse(unescapeHtml(attr[1])) : []);
assert.ok(rules.length > 0, 'the search page carries the unmask rules');

const searcher = core.createSearcher(lunr, tokenizer, manifest, fetchJson, rules);
const run = (q, filters) => searcher.search(q, filters || {});
const contains = (doc, phrase) => core.norm(doc.title + '\n' + doc.text).includes(core.norm(phrase));

(async () => {
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
    const results = (await run(phrase)).results.map((r) => r.doc);
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
    assert.equal((await run(noise)).results.length, 0, `"${noise}" must find nothing`);
  }

  const restored = (await run('党建')).results.map((r) => r.doc.id).sort();
  assert.ok(restored.length > 0, '党建 finds reports');
  assert.deepEqual((await run('D建')).results.map((r) => r.doc.id).sort(), restored, 'D建 and 党建 agree');

  const both = (await run('林长制 森林')).results.map((r) => r.doc);
  assert.ok(both.length > 0);
  assert.ok(both.every((d) => contains(d, '林长制') && contains(d, '森林')), 'all words are required');
  assert.ok((await run('林长制')).results.length >= both.length);

  const filtered = (await run('工作', { level: '区' })).results.map((r) => r.doc);
  assert.ok(filtered.length > 0 && filtered.every((d) => d.level === '区'), 'filters narrow results');

  // A query fetches only what it needs: one word, its shards and the chunks of its results.
  fetched.clear();
  const one = core.createSearcher(lunr, tokenizer, manifest, fetchJson, rules);
  const few = await one.search('林长制', {});
  assert.ok(few.results.length > 0);
  const shardsFetched = [...fetched].filter((f) => f.startsWith('index/')).length;
  assert.ok(shardsFetched >= 1 && shardsFetched <= 2, `林长制 fetched ${shardsFetched} shards`);
  assert.ok(shardsFetched < manifest.shards.length, 'not every shard');
  // Loaded whole, the same answers.
  assert.equal(await one.warm(Infinity), true);
  assert.deepEqual((await one.search('高质量发展', {})).results.map((r) => [r.doc.id, r.score]),
    (await run('高质量发展')).results.map((r) => [r.doc.id, r.score]), 'whole index and shards agree');

  // Large archives: only what a query needs. One-token words without filters fetch the shown
  // reports only; phrases beyond the check budget are checked in order of score until enough.
  const full = await run('党建');
  fetched.clear();
  const lean = core.createSearcher(lunr, tokenizer, manifest, fetchJson, rules, 0);
  const top = await lean.search('党建', {}, 2);
  assert.deepEqual(top.results.map((r) => r.doc.id), full.results.slice(0, 2).map((r) => r.doc.id), 'the best two, as in the full run');
  assert.equal(top.count, full.count, 'the count of a one-token word is exact');
  assert.ok(top.exact);
  const chunksFetched = [...fetched].filter((f) => f.startsWith('documents/')).length;
  assert.ok(chunksFetched <= 2, `党建 limited to 2 fetched ${chunksFetched} chunks`);
  const phraseFull = await run('高质量发展');
  const phrase = await lean.search('高质量发展', {}, 1);
  assert.equal(phrase.results.length, 1);
  assert.equal(phrase.results[0].doc.id, phraseFull.results[0].doc.id, 'the best result, as in the full run');
  assert.ok(phrase.count >= 1 && phrase.count <= phraseFull.count);
  assert.ok(phrase.exact || phrase.count < phraseFull.count || phrase.found <= phraseFull.found);
  assert.ok(phrase.results.every((r) => contains(r.doc, '高质量发展')));
  const leanFiltered = await lean.search('工作', { level: '区' }, 3);
  assert.ok(leanFiltered.results.length > 0 && leanFiltered.results.every((r) => r.doc.level === '区'), 'filters hold with a budget');

  // A file that fails to arrive fails that query only: the next one asks for it again.
  let failNext = true;
  const flaky = core.createSearcher(lunr, tokenizer, manifest, (name) => {
    if (failNext && name.startsWith('index/')) { failNext = false; return Promise.reject(new Error('offline')); }
    return fetchJson(name);
  }, rules);
  await assert.rejects(flaky.search('林长制', {}), /offline/);
  assert.deepEqual((await flaky.search('林长制', {})).results.map((r) => r.doc.id), (await run('林长制')).results.map((r) => r.doc.id),
    'a retry after a failed fetch finds what a working search finds');

  console.log(`search quality: ${checked} phrases, recall 100%, precision ${(precision * 100).toFixed(1)}%; noise finds nothing; D建 = 党建`);
})().catch((e) => { console.error(e); process.exit(1); });
