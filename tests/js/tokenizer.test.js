#!/usr/bin/env node
// Checks theme/assets/js/tokenizer.js against the vectors shared with the C# tests
// (tests/fixtures/search/tokenizer-vectors.json). Plain node, no test framework:
//   node tests/js/tokenizer.test.js
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const tokenizer = require(path.join(repoRoot, 'theme', 'assets', 'js', 'tokenizer.js'));
const vectors = JSON.parse(fs.readFileSync(
  path.join(repoRoot, 'tests', 'fixtures', 'search', 'tokenizer-vectors.json'), 'utf8'));

const cases = vectors.map((v) => ({ name: JSON.stringify(v.text), text: v.text, expected: v.tokens }));
// Not expressible in the JSON fixture (System.Text.Json refuses lone surrogates):
// the C# test ChineseTokenizerTests has the same cases.
cases.push({ name: 'lone high surrogate', text: 'A\uD800B', expected: ['a', 'b'] });
cases.push({ name: 'lone low surrogate between Han', text: '中\uDC00国', expected: ['中', '国'] });
cases.push({ name: 'null', text: null, expected: [] });

let passed = 0;
const failures = [];
for (const c of cases) {
  try {
    assert.deepStrictEqual(tokenizer.tokenize(c.text), c.expected);
    passed++;
  } catch (e) {
    failures.push(`tokenize(${c.name}):\n${e.message}`);
  }
}

// Vectors shared with the C# tests (the same fixtures are asserted there): `file` holds
// { term, [count]: n, [result]: expected } for fn(term, n) — IndexShards.ShardOf and PartOf in C#.
function checkVectors(file, name, fn, count, result) {
  const vectors = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'search', file), 'utf8'));
  for (const v of vectors) {
    try {
      assert.strictEqual(fn(v.term, v[count]), v[result]);
      passed++;
    } catch (e) {
      failures.push(`${name}(${JSON.stringify(v.term)}, ${v[count]}):\n${e.message}`);
    }
  }
  return vectors;
}

// Term shards, and parts of a split shard.
const shardVectors = checkVectors('shard-vectors.json', 'shardOf', tokenizer.shardOf, 'count', 'shard');
checkVectors('part-vectors.json', 'partOf', tokenizer.partOf, 'parts', 'part');
if (new Set(shardVectors.filter((v) => v.count === 4096).map((v) => v.shard)).size < 8) {
  failures.push('shard vectors: too few distinct shards at 4096');
}

for (const f of failures) {
  console.error(`FAIL ${f}\n`);
}
console.log(`tokenizer: ${passed} passed, ${failures.length} failed`);
if (vectors.length < 25) {
  console.error(`expected at least 25 shared vectors, found ${vectors.length}`);
  process.exitCode = 1;
}
if (failures.length > 0) {
  process.exitCode = 1;
}
