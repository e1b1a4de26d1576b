/*
 * Archive search tokenizer: the same algorithm as the C# ChineseTokenizer
 * (src/Archive.Search/ChineseTokenizer.cs). Both are checked against
 * tests/fixtures/search/tokenizer-vectors.json, so change them together.
 *
 *  1. Lone surrogates and U+FFFE become U+FFFD, then the text is NFKC-normalised
 *     (full-width letters and digits become ASCII).
 *  2. A run of Han code points (HAN below) yields its overlapping bigrams
 *     (一个中心 -> 一个, 个中, 中心); a run of one Han code point yields itself.
 *  3. A run of other letters, marks and numbers (\p{L}, \p{M}, \p{N}) yields one
 *     word, lower-cased code point by code point (a code point whose lower case is
 *     more than one code point, i.e. U+0130, is kept as is, as .NET's
 *     Rune.ToLowerInvariant does).
 *  4. Anything else separates runs.
 *
 * Plain browser script (sets window.ArchiveTokenizer) that also loads under node
 * (module.exports). No dependencies.
 */
(function (root) {
  'use strict';

  // Han code-point ranges; ChineseTokenizer.IsHan has the same list.
  var HAN = '\\u3007\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF' +
    '\\u{20000}-\\u{2FA1F}\\u{30000}-\\u{323AF}';
  // Group 1: a Han run. Group 2: a run of letters/marks/numbers that are not Han.
  var RUNS = new RegExp('([' + HAN + ']+)|((?:(?![' + HAN + '])[\\p{L}\\p{M}\\p{N}])+)', 'gu');
  // .NET's string.Normalize rejects these; both sides map them to U+FFFD (a separator).
  var INVALID = /[\p{Cs}\uFFFE]/gu;
  var ASCII = /^[\x00-\x7F]*$/;

  function lowerCodePoint(ch) {
    var lower = ch.toLowerCase();
    // Full case mappings that expand (only U+0130 for lower case) keep the code point.
    return lower.length === ch.length || Array.from(lower).length === 1 ? lower : ch;
  }

  function lowerWord(word) {
    if (ASCII.test(word)) {
      return word.toLowerCase();
    }
    // Code point by code point: no context-dependent mappings (e.g. Greek final sigma).
    return Array.from(word, lowerCodePoint).join('');
  }

  /**
   * Returns the tokens of `text` as an array of strings (duplicates kept, in order).
   * @param {?string} text
   * @returns {string[]}
   */
  function tokenize(text) {
    var tokens = [];
    if (text === null || text === undefined) {
      return tokens;
    }
    var s = String(text).replace(INVALID, '\uFFFD').normalize('NFKC');
    var match;
    RUNS.lastIndex = 0;
    while ((match = RUNS.exec(s)) !== null) {
      if (match[1] !== undefined) {
        var chars = Array.from(match[1]);
        if (chars.length === 1) {
          tokens.push(chars[0]);
        } else {
          for (var i = 0; i + 1 < chars.length; i++) {
            tokens.push(chars[i] + chars[i + 1]);
          }
        }
      } else {
        tokens.push(lowerWord(match[2]));
      }
    }
    return tokens;
  }

  /**
   * A lunr 2.3.9 tokenizer (builder.tokenizer = ArchiveTokenizer.lunrTokenizer):
   * wraps each token in a lunr.Token, as lunr.tokenizer does. `lunr` must be
   * passed in under node; in the browser the global lunr is used.
   */
  function lunrTokenizer(lunr) {
    return function (obj, metadata) {
      if (obj === null || obj === undefined) {
        return [];
      }
      return tokenize(obj).map(function (token, index) {
        var tokenMetadata = lunr.utils.clone(metadata) || {};
        tokenMetadata.index = index;
        return new lunr.Token(token, tokenMetadata);
      });
    };
  }

  /**
   * The shard of a term in a term-sharded index: a hash of its first code point, so that all
   * terms beginning with one character share a shard (C#: IndexShards.ShardOf; both are held to
   * tests/fixtures/search/shard-vectors.json).
   * @param {string} term
   * @param {number} count the number of shards
   * @returns {number}
   */
  function shardOf(term, count) {
    if (!(count > 1) || !term) {
      return 0;
    }
    var codePoint = String(term).codePointAt(0);
    return ((Math.imul(codePoint, 0x9E3779B1) >>> 16) % count);
  }

  // The part of a term in a shard split into `parts` (IndexShards.PartOf in C#): FNV-1a of its
  // UTF-16 code units.
  function partOf(term, parts) {
    if (!(parts > 1)) {
      return 0;
    }
    var hash = 2166136261;
    var text = String(term);
    for (var i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
    }
    return hash % parts;
  }

  var api = {
    tokenize: tokenize,
    lunrTokenizer: lunrTokenizer,
    shardOf: shardOf,
    partOf: partOf
  };

  root.ArchiveTokenizer = api;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
