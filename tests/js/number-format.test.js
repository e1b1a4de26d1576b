#!/usr/bin/env node
// Checks the C# writer's score formatting against JavaScript itself.
//
//   node tests/js/number-format.test.js samples.tsv
//
// samples.tsv: one sample a line, "k<TAB>text", where k is an integer (as lunr's
// Math.round(score * 1000)) and text is what the C# index writer printed for k / 1000.
// JSON.stringify(k / 1000) must be exactly text. Plain node, no test framework.
'use strict';

const fs = require('node:fs');

if (process.argv.length !== 3) {
  console.error('usage: node tests/js/number-format.test.js samples.tsv');
  process.exit(2);
}

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((line) => line.length > 0);
const failures = [];
let failed = 0;
for (const line of lines) {
  const [k, text] = line.split('\t');
  const expected = JSON.stringify(Number(k) / 1000);
  if (expected !== text) {
    failed++;
    if (failures.length < 20) {
      failures.push(`k = ${k}: JSON.stringify(k / 1000) is ${expected}, the C# writer printed ${text}`);
    }
  }
}

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`number-format: ${lines.length - failed} passed, ${failed} failed`);
if (failed > 0 || lines.length === 0) process.exitCode = 1;
