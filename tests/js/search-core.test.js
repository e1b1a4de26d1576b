#!/usr/bin/env node
/*
 * search-core.js's text helpers: `node tests/js/search-core.test.js`.
 * normKeep (positions in the normalised text are positions in the text) must equal the
 * character-by-character definition — every code point normalised (NFKC, lower case) when that keeps
 * its length — on report-like text and on random strings full of characters that normalisation
 * changes; excerpt and pieces must find matches whatever the width or case of the text.
 */
'use strict';
const path = require('node:path');
const assert = require('node:assert/strict');

const core = require(path.join(__dirname, '..', '..', 'theme', 'assets', 'js', 'search-core.js'));

// The definition, one code point at a time.
function reference(s) {
  return Array.from(String(s), (ch) => {
    const n = ch.normalize('NFKC').toLowerCase();
    return n.length === ch.length ? n : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }).join('');
}

const samples = [
  '',
  '今年以来，区财政局坚持稳中求进。GDP增长5.2%，ＳＶＩＰ会员２０２３年',
  'Ａｂｃ　ＸＹＺ　㎡　ﬁ　Ⅻ　①　㈱　〇　𠮷野家　é　e\u0301　İstanbul　ǅ　ẞ　Ω　Å',
  '\uD800 lone high, lone low \uDC00, pair \uD842\uDFB7 end\uD800',
  'CJK compatibility ideographs: \uF900\uF901\uF91D\uFA10\uFA6A; square words: \u3300\u337B',
];
// Random strings over a pool of characters that normalisation treats every which way.
const pool = Array.from('aZ09 ，。、：；“”（）【】《》Ａｚ０９　ﾊﾟｶﾞ㎡ﬁⅫ①㈱㍻〇党建林长制豈更車𠮷İǅẞΩÅé\u0301\u00A0\u2002\uFEFF\uD800\uDC00\uF900\uF91D\uFA10\u3131\u3300');
let seed = 12345;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
for (let n = 0; n < 2000; n++) {
  let s = '';
  const length = Math.floor(random() * 40);
  for (let i = 0; i < length; i++) { s += pool[Math.floor(random() * pool.length)]; }
  samples.push(s);
}

let failed = 0;
for (const s of samples) {
  const got = core.normKeep(s);
  if (got !== reference(s) || got.length !== s.length) {
    failed++;
    if (failed <= 5) { console.error(`normKeep(${JSON.stringify(s)}) = ${JSON.stringify(got)}, expected ${JSON.stringify(reference(s))}`); }
  }
}
assert.equal(failed, 0, `${failed} of ${samples.length} strings normalised differently from the definition`);

// Matches are found whatever the width or case of the text, and the pieces are the text itself.
const text = '一、主要工作：推行ＧＤＰ核算，林长制全面落地。'.repeat(3);
const pieces = core.pieces(text, ['gdp', '林长制']);
assert.equal(pieces.map((p) => p.text).join(''), text);
assert.deepEqual(pieces.filter((p) => p.match).map((p) => p.text), ['ＧＤＰ', '林长制', 'ＧＤＰ', '林长制', 'ＧＤＰ', '林长制']);
const long = '前文'.repeat(100) + '全面推行林长制' + '后文'.repeat(100);
const excerpt = core.excerpt(long, ['林长制']);
assert.ok(excerpt.startsWith('…') && excerpt.endsWith('…') && excerpt.includes('林长制'), excerpt);

// The passage starts at its sentence or clause when one begins within reach, never inside a word or
// number, and ends with its sentence when that is near.
const report = '前文前文前文前文前文前文前文前文前文前文前文前文前文前文前文前文前文前文前文前文。加快建设XX镇邻里中心，推动建设五星级酒店城市地标。二是积极推进老旧小区改造。2022年以来，投入资金。';
const atSentence = core.excerpt(report, ['老旧小区改造']);
assert.ok(atSentence.startsWith('…二是积极推进老旧小区改造'), atSentence);
const clause = core.excerpt('前文'.repeat(40) + '，重点围绕文明城市创建、老旧小区改造、背街小巷整治。', ['老旧小区改造']);
assert.ok(clause.startsWith('…重点围绕文明城市创建、老旧小区改造'), clause);
const noBoundary = '甲'.repeat(30) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH' + '林长制' + '乙'.repeat(200);
const inWord = core.excerpt(noBoundary, ['林长制']);
assert.ok(inWord.startsWith('…林长制'), inWord);
const ends = core.excerpt('推行林长制' + '丙'.repeat(95) + '。' + '丁'.repeat(100), ['林长制']);
assert.ok(ends.endsWith('丙。…'), ends);
const figures = core.excerpt('推行林长制' + '丙'.repeat(84) + '完成12345.67万元' + '丁'.repeat(100), ['林长制']);
assert.ok(!/\d…$/.test(figures) && figures.endsWith('完成…'), figures);

console.log(`ok: normKeep equals its definition on ${samples.length} strings; pieces and excerpt find matches`);
