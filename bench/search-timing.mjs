// Times the archive's client-side search in headless Chromium.
//
//   node bench/search-timing.mjs --site OUTPUT_DIR [--loads 3] [--rounds 3] [--timeout 120] [--json FILE] [--label NAME]
//
// Serves OUTPUT_DIR over a local static HTTP server (node:http on a worker thread, 127.0.0.1, uncompressed), then:
//  1. load: opens search/index.html?q=林长制 in a fresh browser context (empty cache) --loads times and
//     reads data-first-results-ms on [data-search] (performance.now() when the first results were
//     rendered, i.e. ms since navigation start: the manifest, the query's index shards, merging and
//     loading them into lunr, the query, the document chunks of the results, rendering); also what
//     was fetched (files, bytes, when the last one arrived) and the JS heap after loading;
//     then, as the floor of this harness, DOMContentLoaded of a page without search (about/);
//  2. queries: types each query of QUERIES into [data-search-input], submits it (Enter, so the
//     page's 200 ms typing debounce is not counted) and reads data-last-query-ms (the page's own
//     measure of one query: lunr search + phrase check + rendering the results), --rounds times each.
// Prints a JSON summary (median/max) to stdout and to --json FILE. A page that shows no results
// within --timeout seconds (default 120), or whose renderer crashes (out of memory), is a result, not
// an error: the summary says `failed` and the exit code is 3. Exit code 1: the benchmark itself broke.
import { promises as fs } from 'node:fs';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { chromium } from 'playwright-core';

const QUERIES = ['老旧小区改造', '党建', '财政收入', '高质量发展', '乡村振兴', '林长制', '营商环境', '安全生产', '招商引资', '基层治理', '防汛', '数字经济'];
const FIRST_QUERY = '林长制';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) { pairs.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']); }
  return pairs;
}, []));
if (!args.site) {
  console.error('usage: node search-timing.mjs --site OUTPUT_DIR [--loads 3] [--rounds 3] [--timeout 120] [--json FILE] [--label NAME]');
  process.exit(2);
}
const root = path.resolve(args.site);
const loads = Number(args.loads ?? 3);
const rounds = Number(args.rounds ?? 3);
const TIMEOUT_MS = Number(args.timeout ?? 120) * 1000;

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.xml': 'application/xml; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
};

// The static server runs on its own thread: on the main one, its responses would wait behind
// Playwright's protocol traffic (a real host shares nothing with the browser's driver).
const server = new Worker(`
const { parentPort, workerData } = require('node:worker_threads');
const { createServer } = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { root, types } = workerData;
const server = createServer(async (req, res) => {
  try {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) { rel += 'index.html'; }
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    const stat = await fs.promises.stat(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'content-length': stat.size, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end('not found');
  }
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`, { eval: true, workerData: { root, types: TYPES } });
const port = await new Promise((resolve, reject) => { server.once('message', resolve); server.once('error', reject); });
const base = `http://127.0.0.1:${port}/`;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round1 = (x) => Math.round(x * 10) / 10;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // Chromium's headless mode builds its WebUI omnibox popup (a Lit app of ~100 modules) for every new
  // window — here every fresh context, during the page's load, on the same 2 cores (seen in traces).
  // A reader's browser has its window already; so the harness switches that browser UI off.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup'],
});

const result = { label: args.label ?? path.basename(root), loads: [], queries: [] };
let failed = null;
try {
  // 1. Load to first results, each in a fresh context (no HTTP cache).
  let page;
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${base}search/index.html?q=${encodeURIComponent(FIRST_QUERY)}`, { waitUntil: 'commit' });
    const app = page.locator('[data-search]');
    const started = Date.now();
    let crashed = false;
    page.on('crash', () => { crashed = true; });
    try {
      // Polled with a small function of our own rather than waitForSelector, whose injected script
      // (compiled in every new page) would take the page's main thread for ~70 ms while it loads.
      await page.evaluate((timeout) => new Promise((resolve, reject) => {
        const until = performance.now() + timeout;
        const tick = () => {
          const app = document.querySelector('[data-search]');
          if (app && app.hasAttribute('data-first-results-ms')) { resolve(); } else if (performance.now() > until) { reject(new Error('timeout')); } else { setTimeout(tick, 20); }
        };
        tick();
      }), TIMEOUT_MS);
    } catch (e) {
      const status = crashed ? 'renderer crashed' : await page.locator('[data-search-status]').textContent({ timeout: 5000 }).catch(() => '?');
      failed = `${crashed ? 'renderer crashed' : 'no results'} after ${Math.round((Date.now() - started) / 1000)} s (status: ${status}; page errors: ${errors.join('; ') || 'none'})`;
      break;
    }
    const firstResults = Number(await app.getAttribute('data-first-results-ms'));
    // The search files the page fetched for its first results: the manifest, index shards, document chunks.
    const timing = await page.evaluate((until) => {
      const res = performance.getEntriesByType('resource')
        .filter((r) => /\/search\/(manifest\.|index\/|documents\/)/.test(r.name) && r.responseEnd <= until);
      const kind = (name) => (/manifest\./.test(name) ? 'manifest' : /index\//.test(name) ? 'shards' : 'documents');
      const out = {};
      for (const r of res) {
        const k = kind(r.name);
        out[k] ??= { files: 0, bytes: 0, lastEndMs: 0 };
        out[k].files++;
        out[k].bytes += r.encodedBodySize;
        out[k].lastEndMs = Math.max(out[k].lastEndMs, r.responseEnd);
      }
      return out;
    }, firstResults);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd };
    });
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const status = await page.locator('[data-search-status]').textContent();
    result.loads.push({
      firstResultsMs: round1(firstResults),
      domContentLoadedMs: round1(nav.domContentLoaded),
      fetched: Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, { files: v.files, bytes: v.bytes, doneAtMs: round1(v.lastEndMs) }])),
      jsHeapMB: round1(metrics.JSHeapUsedSize / 1048576),
      status,
    });
    if (i < loads - 1) { await context.close(); }
  }

  // The floor of this harness: a page of the same site without search (about/), in a fresh context.
  if (!failed) {
    const baseline = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(`${base}about/`, { waitUntil: 'load' });
      baseline.push(await p.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
      await context.close();
    }
    result.baselineDomContentLoadedMs = round1(median(baseline));
  }

  // Where load time goes: the page's work for the first query, timed piece by piece (on the last
  // page, HTTP cache bypassed): the manifest, the query's index shards, merging and loading them
  // into lunr, the query, and the document chunks of the first 20 reports found.
  if (!failed) result.breakdown = await page.evaluate(async (q) => {
    const app = document.querySelector('[data-search]');
    const core = window.ArchiveSearch;
    const tokenizer = window.ArchiveTokenizer;
    const manifestUrl = new URL(app.getAttribute('data-manifest-url'), location.href);
    const get = (name) => fetch(new URL(name, manifestUrl), { cache: 'no-store' }).then((r) => r.json());
    const t = [performance.now()];
    const manifest = await get(manifestUrl.href);
    t.push(performance.now());
    const tokens = core.plan(tokenizer, q, []).tokens;
    // The files of the query's tokens, as the page picks them (a split shard: the token's part).
    const terms = core.queryTerms(tokens);
    const names = core.indexFiles(manifest.shards, tokenizer, terms).map((f) => `index/${f.key}.${f.hash}.json`);
    const files = await Promise.all(names.map((n) => get(n)));
    t.push(performance.now());
    const merged = core.mergeShards(files.map((f) => core.pruneShard(f, terms))); // pruned, as the page does
    t.push(performance.now());
    const index = window.lunr.Index.load(merged);
    t.push(performance.now());
    const matches = core.query(window.lunr, index, tokens);
    t.push(performance.now());
    // The chunks of the first page of results (20), as the page fetches for a one-token word; a
    // phrase may need more to check (the page then fetches them in order of score).
    const starts = manifest.chunks.map((c) => c[0]);
    const chunks = [...new Set(matches.slice(0, 20).map((m) => starts.findLastIndex((s) => s <= Number(m.ref))))];
    await Promise.all(chunks.map((c) => get(`documents/${starts[c]}.${manifest.chunks[c][1]}.json`)));
    t.push(performance.now());
    const r = (x) => Math.round(x * 10) / 10;
    return {
      manifestMs: r(t[1] - t[0]), shards: names.length, shardsMs: r(t[2] - t[1]), mergeMs: r(t[3] - t[2]),
      lunrLoadMs: r(t[4] - t[3]), queryMs: r(t[5] - t[4]), chunks: chunks.length, chunksMs: r(t[6] - t[5]),
      totalShards: manifest.shards.reduce((n, e) => n + (typeof e === 'string' ? 1 : e.length), 0), totalChunks: manifest.chunks.length,
    };
  }, FIRST_QUERY);

  // 2. Queries, on the last loaded page, once it has loaded the whole index in the background
  // (small archives: data-search-warm; large ones never do, and each query loads its shards).
  const input = page.locator('[data-search-input]');
  if (!failed) {
    result.warm = await page.waitForSelector('[data-search][data-search-warm]', { state: 'attached', timeout: 15000 }).then(() => true, () => false);
  }
  for (let r = 0; r < (failed ? 0 : rounds); r++) {
    for (const q of QUERIES) {
      await page.evaluate(() => document.querySelector('[data-search]').removeAttribute('data-last-query-ms'));
      await input.fill(q);
      await input.press('Enter');
      await page.waitForSelector('[data-search][data-last-query-ms]', { state: 'attached', timeout: TIMEOUT_MS });
      const ms = Number(await page.locator('[data-search]').getAttribute('data-last-query-ms'));
      const hits = await page.locator('[data-search-results] > li').count();
      const status = await page.locator('[data-search-status]').textContent();
      result.queries.push({ round: r + 1, query: q, ms, shown: hits, status });
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.terminate();
}

if (failed) {
  result.summary = { failed };
  if (args.json) { await fs.writeFile(args.json, JSON.stringify(result, null, 2) + '\n'); }
  console.log(JSON.stringify(result.summary));
  process.exit(3);
}
const first = result.loads.map((l) => l.firstResultsMs);
const qms = result.queries.map((q) => q.ms);
const slowest = result.queries.reduce((a, b) => (b.ms > a.ms ? b : a));
result.summary = {
  firstResultsMsMedian: round1(median(first)),
  firstResultsMsMax: round1(Math.max(...first)),
  domContentLoadedMsMedian: round1(median(result.loads.map((l) => l.domContentLoadedMs))),
  // From the page being parsed and its scripts run to its first results: what the search itself adds.
  afterDomContentLoadedMsMedian: round1(median(result.loads.map((l) => l.firstResultsMs - l.domContentLoadedMs))),
  queryMsMedian: round1(median(qms)),
  queryMsMax: round1(Math.max(...qms)),
  slowestQuery: slowest.query,
  jsHeapMB: result.loads.at(-1).jsHeapMB,
  wholeIndexLoaded: result.warm,
  baselineDomContentLoadedMs: result.baselineDomContentLoadedMs,
  fetched: result.loads.at(-1).fetched,
  breakdown: result.breakdown,
};
const text = JSON.stringify(result, null, 2);
if (args.json) { await fs.writeFile(args.json, text + '\n'); }
console.log(JSON.stringify(result.summary));
