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

  // One character (a code point) normalised like norm when that keeps its length; else lower-cased
  // when that does; else as it is.
  function keepOne(ch) {
    var n = ch.normalize('NFKC').toLowerCase();
    return n.length === ch.length ? n : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }

  // Like norm, but keeps every character's length, so positions found in it are positions in s.
  // Runs of characters that normalise to themselves — ASCII other than A-Z, and the CJK Unified
  // Ideographs, which have no compatibility mappings and no case — are copied as they are; only the
  // rest goes through keepOne (a report is mostly such runs, so snippets cost little).
  function normKeep(s) {
    s = String(s);
    var parts = [];
    var from = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x41 || (c > 0x5A && c < 0x80) || (c >= 0x4E00 && c <= 0x9FFF)) { continue; }
      var pair = c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xDC00 && s.charCodeAt(i + 1) <= 0xDFFF;
      parts.push(s.slice(from, i), keepOne(s.slice(i, pair ? i + 2 : i + 1)));
      if (pair) { i++; }
      from = i + 1;
    }
    parts.push(s.slice(from));
    return parts.join('');
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

  /** The words of a query and their tokens: { words, tokens }. */
  function plan(tokenizer, q, rules) {
    var list = words(q, rules);
    var tokens = [];
    list.forEach(function (w) { tokens = tokens.concat(tokenizer.tokenize(w)); });
    return { words: list, tokens: tokens };
  }

  /** Runs the lunr query for `tokens` on `index`: every token required; returns lunr's matches. */
  function query(lunr, index, tokens) {
    return index.query(function (q) {
      tokens.forEach(function (t) {
        // A lone Han character is indexed only where it stands alone; as a prefix it also finds
        // every bigram it starts (党 → 党建, 党的…). The phrase check keeps results honest.
        q.term(t, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: HAN_CHAR.test(t) ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });
  }

  /** Whether a report contains every needle (normalised words). */
  function contains(doc, needles) {
    var hay = norm(doc.title + '\n' + doc.text);
    return needles.every(function (n) { return hay.indexOf(n) >= 0; });
  }

  /**
   * Whether a report lunr matched for `word` may still lack it: not when the word is exactly one
   * token (a bigram, a lone Han character searched as a prefix, a Latin word), since the index
   * holds that token only where the text has it; a longer phrase's bigrams may be apart.
   */
  function needsCheck(tokenizer, word) {
    var tokens = tokenizer.tokenize(word);
    return !(tokens.length === 1 && tokens[0] === norm(word));
  }

  function byNumber(a, b) { return a - b; }
  function byTerm(a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }

  /**
   * Merges two arrays sorted by `compare` on every `stride`-th element (the key; the stride-1
   * elements after it go with it) into one: linear, no sorting, no pairs allocated. Keys of a and b
   * never tie here (a term lives in one shard), so the order of ties does not matter.
   */
  function mergeSorted(a, b, stride, compare) {
    var out = new Array(a.length + b.length);
    var i = 0;
    var j = 0;
    var k = 0;
    var n;
    while (i < a.length && j < b.length) {
      if (compare(a[i], b[j]) <= 0) {
        for (n = 0; n < stride; n++) { out[k++] = a[i++]; }
      } else {
        for (n = 0; n < stride; n++) { out[k++] = b[j++]; }
      }
    }
    while (i < a.length) { out[k++] = a[i++]; }
    while (j < b.length) { out[k++] = b[j++]; }
    return out;
  }

  /**
   * Merges serialized lunr indexes that are term shards of one index (LunrIndexBuilder.WriteShards)
   * into one serialized index for lunr.Index.load: the terms sorted as lunr sorts them, each field
   * vector's entries from every shard, sorted by term index. Scores on the merged index are those
   * of the whole index for queries on the merged shards' terms.
   */
  function mergeShards(shards) {
    if (shards.length === 1) { return shards[0]; }
    var parts = new Map();
    shards.forEach(function (shard) {
      shard.fieldVectors.forEach(function (v) {
        var list = parts.get(v[0]);
        if (list) { list.push(v[1]); } else { parts.set(v[0], [v[1]]); }
      });
    });
    var fieldVectors = [];
    parts.forEach(function (list, ref) {
      fieldVectors.push([ref, list.reduce(function (a, b) { return mergeSorted(a, b, 2, byNumber); })]);
    });
    var invertedIndex = shards.map(function (s) { return s.invertedIndex; })
      .reduce(function (a, b) { return mergeSorted(a, b, 1, byTerm); });
    return { version: shards[0].version, fields: shards[0].fields, fieldVectors: fieldVectors, invertedIndex: invertedIndex, pipeline: shards[0].pipeline };
  }

  /**
   * The part of a serialized shard a query reads: the terms it names (`terms`: [{ term, prefix }],
   * prefix meaning every term that starts with it, as a trailing wildcard expands), and of the field
   * vectors only those of the documents those terms are in, with only those terms' entries. lunr
   * scores a field by the dot product of the query vector and the field vector divided by the query
   * vector's magnitude, which reads no other entry, so a query on these terms scores exactly as on
   * the whole shard — and lunr.Index.load builds a few vectors instead of one per document.
   */
  function pruneShard(shard, terms) {
    var inverted = shard.invertedIndex;
    var picked = [];
    terms.forEach(function (t) {
      var lo = 0;
      var hi = inverted.length;
      while (lo < hi) { // the first term not before t (terms are sorted as lunr sorts them)
        var mid = (lo + hi) >> 1;
        if (inverted[mid][0] < t.term) { lo = mid + 1; } else { hi = mid; }
      }
      for (var i = lo; i < inverted.length; i++) {
        var term = inverted[i][0];
        if (term !== t.term && !(t.prefix && term.lastIndexOf(t.term, 0) === 0)) { break; }
        picked.push(i);
      }
    });
    picked.sort(function (a, b) { return a - b; });
    picked = picked.filter(function (i, k) { return k === 0 || picked[k - 1] !== i; });
    var termIndexes = new Set();
    var fieldRefs = new Set();
    picked.forEach(function (i) {
      var posting = inverted[i][1];
      termIndexes.add(posting._index);
      shard.fields.forEach(function (field) {
        Object.keys(posting[field] || {}).forEach(function (ref) { fieldRefs.add(field + '/' + ref); });
      });
    });
    var fieldVectors = [];
    shard.fieldVectors.forEach(function (v) {
      if (!fieldRefs.has(v[0])) { return; }
      var elements = [];
      for (var j = 0; j < v[1].length; j += 2) {
        if (termIndexes.has(v[1][j])) { elements.push(v[1][j], v[1][j + 1]); }
      }
      fieldVectors.push([v[0], elements]);
    });
    return { version: shard.version, fields: shard.fields, fieldVectors: fieldVectors, invertedIndex: picked.map(function (i) { return inverted[i]; }), pipeline: shard.pipeline };
  }

  /** The terms the lunr query of `tokens` reads (see query): a lone Han character as a prefix. */
  function queryTerms(tokens) {
    return tokens.map(function (t) { return { term: t, prefix: HAN_CHAR.test(t) }; });
  }

  /**
   * The index files of shard s, given the manifest's `shards` (a hash per shard, or for a shard split
   * into parts the list of their hashes): [{ key, hash }], key "s" or "s-part" (the file is
   * index/<key>.<hash>.json).
   */
  function filesOfShard(shards, s) {
    var entry = shards[s];
    if (typeof entry === 'string') { return [{ key: String(s), hash: entry }]; }
    return entry.map(function (hash, j) { return { key: s + '-' + j, hash: hash }; });
  }

  /**
   * The index files a query of `terms` ([{ term, prefix }]) reads: for each term its shard's file,
   * or of a split shard the term's part (tokenizer.partOf) — every part for a prefix. No duplicates.
   */
  function indexFiles(shards, tokenizer, terms) {
    var seen = {};
    var out = [];
    terms.forEach(function (t) {
      var all = filesOfShard(shards, tokenizer.shardOf(t.term, shards.length));
      var picked = all.length === 1 || t.prefix ? all : [all[tokenizer.partOf(t.term, all.length)]];
      picked.forEach(function (f) { if (!seen[f.key]) { seen[f.key] = true; out.push(f); } });
    });
    return out;
  }

  /**
   * The search over a published index: `manifest` is the build's search manifest ({ documents,
   * indexBytes, documentsBytes, shards: [hash, or for a split shard [hash of each part]…], chunks:
   * [[first ref, hash, bytes]…] }),
   * `fetchJson(name)` fetches a file named relative to it (index/<shard>.<hash>.json, documents/<first>.<hash>.json) and returns a
   * promise of its JSON. A query fetches only the shards of its terms (the part of them it reads
   * merged into one lunr index, a few kept for the next queries) and the document chunks of the reports it needs (see
   * search); nothing is fetched twice. Returns { search(q, filters, limit), warm(limit) }.
   */
  function createSearcher(lunr, tokenizer, manifest, fetchJson, rules, checkBudget) {
    checkBudget = checkBudget === undefined ? 2 * 1024 * 1024 : checkBudget;
    var BATCH_CHUNKS = 8; // chunks fetched at least per round of a budgeted check
    var chunkStarts = manifest.chunks.map(function (c) { return c[0]; });
    var shardFiles = {};
    var chunkFiles = {};
    var docs = [];
    var merged = []; // [{ key: the query's tokens, index }], most recent first
    var KEEP_MERGED = 8;
    var whole = null; // the whole index, once warm() has loaded it

    // The promise of file `name` (read by `use`), fetched once; a file that failed to arrive is
    // forgotten, so that the next query asks for it again.
    function once(files, key, name, use) {
      if (!files[key]) {
        files[key] = fetchJson(name).then(use, function (e) { delete files[key]; throw e; });
      }
      return files[key];
    }

    // Index files by key: "s" for shard s, "s-j" for part j of a split shard (its manifest entry is
    // the list of its parts' hashes).
    function indexFile(key, name) {
      return once(shardFiles, key, name, function (json) { return json; });
    }

    function fileName(f) {
      return 'index/' + f.key + '.' + f.hash + '.json';
    }

    function chunkOf(ref) {
      var lo = 0;
      var hi = chunkStarts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (chunkStarts[mid] <= ref) { lo = mid; } else { hi = mid - 1; }
      }
      return lo;
    }

    function chunk(c) {
      return once(chunkFiles, c, 'documents/' + chunkStarts[c] + '.' + manifest.chunks[c][1] + '.json',
        function (list) { list.forEach(function (doc, i) { docs[chunkStarts[c] + i] = doc; }); });
    }

    function indexFor(tokens) {
      if (whole) { return Promise.resolve(whole); }
      var key = tokens.slice().sort().join(' ');
      for (var i = 0; i < merged.length; i++) {
        if (merged[i].key === key) { return Promise.resolve(merged[i].index); }
      }
      var terms = queryTerms(tokens);
      var wanted = indexFiles(manifest.shards, tokenizer, terms);
      return Promise.all(wanted.map(function (f) { return indexFile(f.key, fileName(f)); })).then(function (files) {
        // Only what the query reads: at thousands of reports a shard holds a field vector for
        // nearly every report, and loading them all would cost more than the query.
        var index = lunr.Index.load(mergeShards(files.map(function (f) { return pruneShard(f, terms); })));
        merged.unshift({ key: key, index: index });
        merged.length = Math.min(merged.length, KEEP_MERGED);
        return index;
      });
    }

    /**
     * Runs a query. Returns a promise of { words, needles, results: [{ doc, score }] (the first
     * `limit`, best first), count (results after filters), found (before filters), exact }.
     * Reports are fetched only as needed: for words that are one token each and no filters, those
     * of the results shown; otherwise (a phrase to check in the text, or filters to apply) every
     * report lunr matched when their chunks weigh at most `checkBudget` bytes, so that count and
     * found are exact; beyond that, in order of score until `limit` results are found, and then
     * count and found are lower bounds (exact false).
     */
    function search(q, filters, limit) {
      limit = limit === undefined ? Infinity : limit;
      var p = plan(tokenizer, q, rules);
      var needles = p.words.map(norm);
      var keys = Object.keys(filters || {}).filter(function (k) { return filters[k]; });
      var outcome = function (results, count, found, exact) {
        return { words: p.words, needles: needles, results: results.slice(0, limit), count: count, found: found, exact: exact };
      };
      if (p.tokens.length === 0) { return Promise.resolve(outcome([], 0, 0, true)); }
      var check = p.words.some(function (w) { return needsCheck(tokenizer, w); });
      return indexFor(p.tokens).then(function (index) {
        var matches = query(lunr, index, p.tokens);
        if (!check && keys.length === 0) {
          var shown = matches.slice(0, limit);
          return load(shown).then(function () {
            return outcome(shown.map(function (m) { return { doc: docs[m.ref], score: m.score }; }), matches.length, matches.length, true);
          });
        }

        var all = limit === Infinity || bytesOf(matches) <= checkBudget;
        var results = [];
        var found = 0;
        var at = 0;
        function next() {
          if (at >= matches.length || (!all && results.length >= limit)) {
            return Promise.resolve();
          }
          // Enough chunks at once for the results still missing (a quarter more, for those the
          // phrase check turns down): one round trip for a page of results, not one per 8.
          var batch = all ? matches.slice(at) : nextBatch(matches, at, Math.max(BATCH_CHUNKS, Math.ceil((limit - results.length) * 1.25)));
          return load(batch).then(function () {
            batch.forEach(function (m) {
              var doc = docs[m.ref];
              if (!doc || (check && !contains(doc, needles))) { return; }
              found++;
              if (keys.every(function (k) { return doc[k] === filters[k]; })) { results.push({ doc: doc, score: m.score }); }
            });
            at += batch.length;
            return next();
          });
        }
        return next().then(function () { return outcome(results, results.length, found, at >= matches.length); });
      });
    }

    /** The documents of `matches`, fetched. */
    function load(matches) {
      var seen = {};
      var wanted = [];
      matches.forEach(function (m) {
        var c = chunkOf(Number(m.ref));
        if (!seen[c]) { seen[c] = true; wanted.push(c); }
      });
      return Promise.all(wanted.map(chunk));
    }

    /** The bytes of the chunks of `matches` not fetched yet. */
    function bytesOf(matches) {
      var seen = {};
      var total = 0;
      matches.forEach(function (m) {
        var c = chunkOf(Number(m.ref));
        if (!seen[c] && !chunkFiles[c]) { seen[c] = true; total += manifest.chunks[c][2] || 0; }
      });
      return total;
    }

    /** The matches from `at` on that fit in `chunks` more chunks (not fetched yet). */
    function nextBatch(matches, at, chunks) {
      var seen = {};
      var fresh = 0;
      var end = at;
      while (end < matches.length) {
        var c = chunkOf(Number(matches[end].ref));
        if (!seen[c] && !chunkFiles[c]) {
          if (fresh === chunks) { break; }
          seen[c] = true;
          fresh++;
        }
        end++;
      }
      return matches.slice(at, end);
    }

    /**
     * For an archive whose index and documents together weigh at most `limit` bytes: fetches
     * every shard and chunk and loads the whole index once, so that later queries fetch and merge
     * nothing. Resolves to true when done, false when the archive is too big for it.
     */
    function warm(limit) {
      if (whole) { return Promise.resolve(true); }
      if (!(manifest.indexBytes + manifest.documentsBytes <= limit)) { return Promise.resolve(false); }
      var chunks = manifest.chunks.map(function (_, c) { return chunk(c); });
      var shards = [];
      manifest.shards.forEach(function (_, s) {
        filesOfShard(manifest.shards, s).forEach(function (f) { shards.push(indexFile(f.key, fileName(f))); });
      });
      return Promise.all(chunks.concat(shards)).then(function (files) {
        whole = lunr.Index.load(mergeShards(files.slice(chunks.length)));
        merged = [];
        return true;
      });
    }

    return { search: search, warm: warm };
  }

  // About 130 characters around the first match.
  // The passage around the first match: up to 40 characters before it, from the start of its sentence
  // or clause when one begins there (after 。！？；, else after ，、： six or more characters before the
  // match), and up to 90 after it, to the end of
  // a sentence when one ends within 20 more; never starting or ending inside a Latin word or a number
  // (…X“成长计划” was the tail of XX镇).
  var SENTENCE_END = /[。！？；!?;]/;
  var CLAUSE_END = /[，、：,:]/;
  var WORD = /[A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A.%]/;

  function excerpt(text, needles) {
    var flat = String(text).replace(/\s+/g, ' ');
    var low = normKeep(flat);
    var at = -1;
    needles.forEach(function (n) { var i = low.indexOf(n); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    if (at < 0) { at = 0; }
    var start = Math.max(0, at - 40);
    if (start > 0) {
      var clause = -1;
      for (var i = at - 1; i >= start; i--) {
        if (SENTENCE_END.test(flat[i])) { clause = i + 1; break; }
        // A clause right before the match would show it without context (…、老旧小区改造): a few characters at least.
        if (clause < 0 && CLAUSE_END.test(flat[i]) && at - i > 6) { clause = i + 1; }
      }
      if (clause >= 0) { start = clause; }
      while (start > 0 && start < at && WORD.test(flat[start]) && WORD.test(flat[start - 1])) { start++; }
    }
    var end = Math.min(flat.length, at + 90);
    if (end < flat.length) {
      for (var j = end; j < Math.min(flat.length, end + 20); j++) {
        if (SENTENCE_END.test(flat[j])) { end = j + 1; break; }
      }
      while (end < flat.length && end > at + 1 && WORD.test(flat[end]) && WORD.test(flat[end - 1])) { end--; }
    }
    while (flat[start] === ' ') { start++; }
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

  var api = { createSearcher: createSearcher, mergeShards: mergeShards, pruneShard: pruneShard, queryTerms: queryTerms, indexFiles: indexFiles, plan: plan, query: query, words: words, compileRules: compileRules, excerpt: excerpt, pieces: pieces, norm: norm, normKeep: normKeep };
  root.ArchiveSearch = api;
  if (typeof module !== 'undefined' && module.exports) { module.exports = api; }
}(typeof self !== 'undefined' ? self : this));
