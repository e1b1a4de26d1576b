/*
 * Search logic shared by the search page (search.js) and the JavaScript tests (run with node):
 * query parsing, the lunr query, the phrase check and filters. No DOM here.
 *
 * Semantics: words separated by spaces are all required; within a word (a phrase such as
 * 老旧小区改造) every bigram is required, ranked by lunr's BM25, and the phrase itself must occur in
 * the report, so every result contains what was typed.
 */
(function (root) {
  'use strict';

  function norm(s) { return String(s).normalize('NFKC').toLowerCase(); }

  // Like norm, but keeps every character's length, so positions found in it are positions in s.
  function normKeep(s) {
    return Array.from(String(s), function (ch) {
      var n = ch.normalize('NFKC').toLowerCase();
      return n.length === ch.length ? n : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
    }).join('');
  }

  // Compiles the unmask rules the build used ([{pattern, replace}]); rules JavaScript cannot read are skipped.
  function compileRules(rules) {
    return (rules || []).map(function (rule) {
      try { return { pattern: new RegExp(rule.pattern, 'g'), replace: rule.replace }; } catch (e) { return null; }
    }).filter(Boolean);
  }

  // The same restoration ingest applies (D建 → 党建), so masked and restored queries agree.
  function restore(q, rules) {
    return rules.reduce(function (text, rule) { return text.replace(rule.pattern, rule.replace); }, q);
  }

  function words(q, rules) {
    return restore(String(q || ''), rules || []).split(/\s+/)
      .map(function (w) { return w.trim(); })
      .filter(function (w) { return w.length > 0; });
  }

  var HAN_CHAR = /^[\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]$|^[\uD840-\uD87F][\uDC00-\uDFFF]$/;

  /**
   * Runs a query. Returns { words, results: [{ doc, score }], found } where found counts results
   * before filters. `filters` maps a document field (year, level, department…) to a required value.
   */
  function search(lunr, tokenizer, index, docs, q, filters, rules) {
    var list = words(q, rules);
    if (list.length === 0) { return { words: list, results: [], found: 0 }; }
    var tokens = [];
    list.forEach(function (w) { tokens = tokens.concat(tokenizer.tokenize(w)); });
    if (tokens.length === 0) { return { words: list, results: [], found: 0 }; }

    var matches = index.query(function (query) {
      tokens.forEach(function (t) {
        // A lone Han character is indexed only where it stands alone; as a prefix it also finds
        // every bigram it starts (党 → 党建, 党的…). The phrase check keeps results honest.
        query.term(t, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: HAN_CHAR.test(t) ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });

    var needles = list.map(norm);
    var found = [];
    matches.forEach(function (m) {
      var doc = docs[m.ref];
      if (!doc) { return; }
      var hay = norm(doc.title + '\n' + doc.text);
      if (needles.every(function (n) { return hay.indexOf(n) >= 0; })) {
        found.push({ doc: doc, score: m.score });
      }
    });
    var keys = Object.keys(filters || {}).filter(function (k) { return filters[k]; });
    var results = found.filter(function (r) {
      return keys.every(function (k) { return r.doc[k] === filters[k]; });
    });
    return { words: list, needles: needles, results: results, found: found.length };
  }

  // About 130 characters around the first match.
  function excerpt(text, needles) {
    var flat = String(text).replace(/\s+/g, ' ');
    var low = normKeep(flat);
    var at = -1;
    needles.forEach(function (n) { var i = low.indexOf(n); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    if (at < 0) { at = 0; }
    var start = Math.max(0, at - 40);
    var end = Math.min(flat.length, at + 90);
    return (start > 0 ? '…' : '') + flat.slice(start, end) + (end < flat.length ? '…' : '');
  }

  // Splits text into [{ text, match }] pieces, the matches being occurrences of the needles.
  function pieces(text, needles) {
    var low = normKeep(text);
    var out = [];
    var pos = 0;
    while (pos < text.length) {
      var next = -1;
      var length = 0;
      needles.forEach(function (n) {
        var i = n.length > 0 ? low.indexOf(n, pos) : -1;
        if (i >= 0 && (next < 0 || i < next)) { next = i; length = n.length; }
      });
      if (next < 0) { out.push({ text: text.slice(pos), match: false }); break; }
      if (next > pos) { out.push({ text: text.slice(pos, next), match: false }); }
      out.push({ text: text.slice(next, next + length), match: true });
      pos = next + length;
    }
    return out;
  }

  var api = { search: search, words: words, compileRules: compileRules, excerpt: excerpt, pieces: pieces, norm: norm };
  root.ArchiveSearch = api;
  if (typeof module !== 'undefined' && module.exports) { module.exports = api; }
}(typeof self !== 'undefined' ? self : this));
