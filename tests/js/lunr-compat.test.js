#!/usr/bin/env node
// Checks an index written by the C# LunrIndexBuilder against lunr.js 2.3.9 itself.
//
//   node tests/js/lunr-compat.test.js docs.json index.json [shards-dir]
//
// docs.json:
//   { "fields": [{ "name": "title", "boost": 10 }, { "name": "body", "boost": 1 }],
//     "b": 0.75, "k1": 1.2,                           (optional, lunr's defaults)
//     "documents": [{ "ref": "...", "fields": { "title": "...", "body": "..." }, "boost": 1 }, ...],
//     "queries": ["...", ...] }                         (optional, more are derived from the documents)
// index.json: the C#-built serialized index.
//
// 1. Builds an index with lunr from the same documents, in the same order, with the same fields,
//    boosts and refs, the tokenizer of theme/assets/js/tokenizer.js and empty pipelines, and
//    compares lunr's serialized index (index.toJSON()) with index.json: the same keys in the same
//    order, the same arrays and the same numbers. The only tolerated difference is a field-vector
//    score off by one rounding step (0.001): both sides compute Math.round(score * 1000) / 1000
//    with the same IEEE operations, but Math.log differs in the last bit between V8 (fdlibm) and
//    .NET (the C library) for about 7% of lunr.idf's arguments, which moves a score that lies
//    within ~1e-16 of a rounding boundary. Such cases are counted and reported. (The browser
//    never calls Math.log on a loaded index: query scoring only multiplies, adds and takes sqrt.)
// 2. Loads index.json with lunr.Index.load and runs queries on it and on lunr's own index
//    (required-term, plain OR, first-field-only and trailing-wildcard queries built with
//    index.query): the same refs in the same order, scores equal to 3 decimals, the same matched
//    terms (if scores were tolerated in 1., the same refs with scores within 0.002).
// 3. With shards-dir (files 0.json … n-1.json from LunrIndexBuilder.WriteShards): every shard is a
//    lunr index holding exactly the terms tokenizer.shardOf assigns to it; merging all shards with
//    search-core.js's mergeShards gives index.json back; and every query of 2., run on the merge of
//    only the shards of its terms, and on those shards pruned to what the query reads (as the search
//    page loads them: core.pruneShard), answers as lunr's own index does. Shards above the median are
//    split into parts (files <shard>-<part>.json): a term's part is tokenizer.partOf, a prefix query
//    reads every part of its shard.
//
// Exits non-zero with a readable message on any failure. Plain node, no test framework.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const lunrPath = path.join(repoRoot, 'theme', 'node_modules', 'lunr');
if (!fs.existsSync(lunrPath)) {
  console.error(`lunr is not installed (${lunrPath}): run "npm ci" in theme/`);
  process.exit(2);
}
const lunr = require(lunrPath);
const tokenizer = require(path.join(repoRoot, 'theme', 'assets', 'js', 'tokenizer.js'));

const core = require(path.join(repoRoot, 'theme', 'assets', 'js', 'search-core.js'));

if (process.argv.length !== 4 && process.argv.length !== 5) {
  console.error('usage: node tests/js/lunr-compat.test.js docs.json index.json [shards-dir]');
  process.exit(2);
}
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const actualJson = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));

const failures = [];
let passed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
  }
}

// ---- 1. Build with lunr itself ---------------------------------------------------------------
const expectedIndex = lunr(function () {
  this.tokenizer = tokenizer.lunrTokenizer(lunr);
  this.pipeline.reset();
  this.searchPipeline.reset();
  if (input.b !== undefined) this.b(input.b);
  if (input.k1 !== undefined) this.k1(input.k1);
  this.ref('ref');
  for (const field of input.fields) {
    const name = field.name;
    this.field(name, { boost: field.boost, extractor: (doc) => doc.fields[name] });
  }
  for (const doc of input.documents) {
    if (doc.boost !== undefined) {
      this.add(doc, { boost: doc.boost });
    } else {
      this.add(doc);
    }
  }
});
const expectedJson = JSON.parse(JSON.stringify(expectedIndex));

let toleratedScores = 0;
let comparedScores = 0;

// Compares two parsed JSON values; `isScore(path)` tells where the rounding tolerance applies.
function compare(expected, actual, where, out) {
  if (out.length >= 20) return;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return out.push(`${where}: expected an array, got ${JSON.stringify(actual)}`);
    if (expected.length !== actual.length) {
      out.push(`${where}: expected ${expected.length} items, got ${actual.length}`);
    }
    const n = Math.min(expected.length, actual.length);
    const scores = /^\$\.fieldVectors\[\d+\]\[1\]$/.test(where);
    for (let i = 0; i < n; i++) {
      if (scores && i % 2 === 1) {
        comparedScores++;
        if (expected[i] !== actual[i]) {
          if (typeof actual[i] === 'number' && Math.abs(expected[i] - actual[i]) <= 0.0010000001) {
            toleratedScores++;
          } else {
            out.push(`${where}[${i}]: expected score ${expected[i]}, got ${JSON.stringify(actual[i])}`);
          }
        }
        continue;
      }
      compare(expected[i], actual[i], `${where}[${i}]`, out);
    }
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return out.push(`${where}: expected an object, got ${JSON.stringify(actual)}`);
    }
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    if (ek.join('\u0000') !== ak.join('\u0000')) {
      out.push(`${where}: expected keys ${JSON.stringify(ek).slice(0, 300)}, got ${JSON.stringify(ak).slice(0, 300)}`);
      return;
    }
    for (const k of ek) compare(expected[k], actual[k], `${where}.${k}`, out);
    return;
  }
  if (expected !== actual) {
    out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

check('serialized index equals lunr.Index#toJSON()', () => {
  const out = [];
  // Compare term lists first: a clearer message than an index-wide structural diff.
  const et = expectedJson.invertedIndex.map((t) => t[0]);
  const at = (actualJson.invertedIndex || []).map((t) => t[0]);
  for (let i = 0; i < Math.max(et.length, at.length) && out.length < 5; i++) {
    if (et[i] !== at[i]) out.push(`invertedIndex[${i}] term: expected ${JSON.stringify(et[i])}, got ${JSON.stringify(at[i])}`);
  }
  if (out.length === 0) compare(expectedJson, actualJson, '$', out);
  if (out.length > 0) throw new Error('\n  ' + out.join('\n  '));
});

// ---- 2. Queries on both indexes --------------------------------------------------------------
const loaded = lunr.Index.load(actualJson);

function deriveQueries(documents, fields) {
  const queries = [];
  const step = Math.max(1, Math.floor(documents.length / 40));
  for (let i = 0; i < documents.length; i += step) {
    for (const field of fields) {
      const text = documents[i].fields[field.name];
      if (!text) continue;
      const chars = Array.from(text);
      const at = (i * 7919) % Math.max(1, chars.length - 8);
      queries.push(chars.slice(at, at + 2 + (i % 7)).join(''));
    }
  }
  return queries;
}

const queries = (input.queries || []).concat(deriveQueries(input.documents, input.fields));
const presence = lunr.Query.presence;
const kinds = {
  required: (t) => ({ usePipeline: false, presence: presence.REQUIRED }),
  or: (t) => ({ usePipeline: false }),
  'title-or': (t) => ({ usePipeline: false, fields: [input.fields[0].name] }),
  // Prefix search, e.g. for single Han characters that are only indexed inside bigrams.
  'prefix': (t) => ({ usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING }),
};

function run(index, tokens, kind) {
  return index.query((q) => tokens.forEach((t) => q.term(t, kinds[kind](t))));
}

function describe(r) {
  return r ? `${r.ref}=${r.score.toFixed(4)} [${Object.keys(r.matchData.metadata).sort().join(' ')}]` : 'nothing';
}

function matchedTerms(r) {
  return Object.keys(r.matchData.metadata).sort().join(' ');
}

// Query results must be the same refs in the same order with scores equal to 3 decimals. If some
// field-vector scores were off by one rounding step (see the header), scores may move a little and
// near-ties may swap: then the same refs, each with a score within 0.002, are enough.
function compareResults(expected, actual) {
  if (toleratedScores > 0) {
    const byRef = new Map(actual.map((r) => [r.ref, r]));
    if (expected.length !== actual.length) return `expected ${expected.length} hits, got ${actual.length}`;
    for (const e of expected) {
      const a = byRef.get(e.ref);
      if (!a || Math.abs(e.score - a.score) > 0.002 || matchedTerms(e) !== matchedTerms(a)) {
        return `lunr: ${describe(e)}, C#-built: ${describe(a)}`;
      }
    }
    return null;
  }
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    if (!e || !a || e.ref !== a.ref || Math.abs(e.score - a.score) >= 0.0005 || matchedTerms(e) !== matchedTerms(a)) {
      return `hit #${i + 1} of ${expected.length} (lunr) / ${actual.length} (C#-built): ` +
        `lunr: ${describe(e)}, C#-built: ${describe(a)}`;
    }
  }
  return null;
}

// ---- 3. Shards ----------------------------------------------------------------------------------
// Files <shard>.json, or <shard>-<part>.json for a shard split into parts (ShardPlan).
const shardsDir = process.argv[4];
const shardFiles = shardsDir
  ? new Map(fs.readdirSync(shardsDir).filter((f) => /^\d+(-\d+)?\.json$/.test(f))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(shardsDir, f), 'utf8'))]))
  : null;
const parts = new Map(); // shard -> number of parts
if (shardFiles) {
  for (const key of shardFiles.keys()) {
    const [s, j] = key.split('-').map(Number);
    parts.set(s, Math.max(parts.get(s) ?? 0, j === undefined ? 1 : j + 1));
  }
}
const primary = shardFiles ? Math.max(...parts.keys()) + 1 : 0;
const shards = shardFiles ? [...shardFiles.values()] : null;

// The files the query of `terms` ([{ term, prefix }]) reads, picked by the search page's own code
// (core.indexFiles) from the layout as the manifest gives it (a hash per shard, a list per split one).
const layout = shardFiles ? Array.from({ length: primary }, (_, s) => (parts.get(s) === 1 ? '' : Array(parts.get(s)).fill(''))) : null;
function filesFor(terms) {
  return core.indexFiles(layout, tokenizer, terms).map((f) => shardFiles.get(f.key));
}

if (shards) {
  check('shard files are lunr indexes of the terms shardOf (and partOf, for a split shard) assign them', () => {
    if (parts.size !== primary || primary < 2) throw new Error(`${primary} shards, ${parts.size} present`);
    if (![...parts.values()].some((k) => k > 1)) throw new Error('no shard is split: the split layout is untested');
    for (const [key, shard] of shardFiles) {
      lunr.Index.load(shard);
      const [s, j] = key.split('-').map(Number);
      for (const [term] of shard.invertedIndex) {
        const k = parts.get(s);
        if (tokenizer.shardOf(term, primary) !== s || (k > 1 && tokenizer.partOf(term, k) !== j)) {
          throw new Error(`file ${key} holds ${JSON.stringify(term)}`);
        }
      }
    }
  });
  check('merging every shard gives the whole index', () => {
    const merged = core.mergeShards(shards);
    // Shards leave out the vectors of fields without terms (lunr reads a vector only for a field a term matched).
    const byRef = (json) => json.fieldVectors.filter((v) => v[1].length > 0).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out = [];
    compare(actualJson.invertedIndex, merged.invertedIndex, '$.invertedIndex', out);
    compare(byRef(actualJson), byRef(merged), '$.fieldVectorsByRef', out);
    compare([actualJson.version, actualJson.fields, actualJson.pipeline], [merged.version, merged.fields, merged.pipeline], '$.header', out);
    if (out.length > 0) throw new Error('\n  ' + out.join('\n  '));
  });
}

function shardedIndex(tokens, kind) {
  return lunr.Index.load(core.mergeShards(filesFor(tokens.map((t) => ({ term: t, prefix: kind === 'prefix' })))));
}

// As the search page loads them: each file pruned to what the query reads (its terms, prefixes
// expanded; the field vectors of their documents, with their entries only), then merged.
function prunedIndex(tokens, kind) {
  const terms = tokens.map((t) => ({ term: t, prefix: kind === 'prefix' }));
  return lunr.Index.load(core.mergeShards(filesFor(terms).map((f) => core.pruneShard(f, terms))));
}

let queriesRun = 0;
let totalHits = 0;
for (const q of queries) {
  const tokens = tokenizer.tokenize(q);
  if (tokens.length === 0) continue;
  for (const kind of Object.keys(kinds)) {
    if (kind === 'prefix' && tokens.length > 1) continue;
    queriesRun++;
    check(`query ${kind} ${JSON.stringify(q)} -> ${JSON.stringify(tokens)}`, () => {
      const expected = run(expectedIndex, tokens, kind);
      const actual = run(loaded, tokens, kind);
      totalHits += actual.length;
      const mismatch = compareResults(expected, actual);
      if (mismatch) throw new Error(mismatch);
      if (shards) {
        const sharded = compareResults(expected, run(shardedIndex(tokens, kind), tokens, kind));
        if (sharded) throw new Error(`on the query's shards: ${sharded}`);
        const pruned = compareResults(expected, run(prunedIndex(tokens, kind), tokens, kind));
        if (pruned) throw new Error(`on the query's shards pruned to its terms: ${pruned}`);
      }
    });
  }
}

check('queries were run and found documents', () => {
  if (queriesRun === 0 || totalHits === 0) throw new Error(`${queriesRun} queries, ${totalHits} hits`);
});

// ---- Report ----------------------------------------------------------------------------------
console.log(`lunr-compat: ${input.documents.length} documents, ${expectedJson.invertedIndex.length} terms, ` +
  `${expectedJson.fieldVectors.length} field vectors, ${comparedScores} scores compared` +
  (toleratedScores > 0 ? `, ${toleratedScores} off by one rounding step (tolerated)` : ', all identical') +
  `; ${queriesRun} queries, ${totalHits} hits` + (shards ? `; ${shards.length} shards, queries also on their shards, whole and pruned` : ''));
for (const f of failures) console.error(`FAIL ${f}\n`);
console.log(`lunr-compat: ${passed} passed, ${failures.length} failed`);
if (failures.length > 0) process.exitCode = 1;
