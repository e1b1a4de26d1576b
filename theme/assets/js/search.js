/*
 * Full-text search page. Loads the lunr index built at build time (lunr.js 2.3.9 format) and the
 * document store, tokenises queries with the same Chinese bigram tokenizer as the build
 * (tokenizer.js), and shows ranked results with highlighted snippets. The query lives in the URL
 * (?q=), so a search is a shareable link.
 *
 * Query semantics: words separated by spaces are all required; within a word (a phrase such as
 * 老旧小区改造) every bigram is required, ranked by lunr's BM25, and the phrase itself must occur
 * in the report, so results always contain what was typed.
 */
(function () {
  'use strict';
  var app = document.querySelector('[data-search]');
  if (!app || !window.lunr || !window.ArchiveTokenizer) { return; }

  var form = app.querySelector('[data-search-form]');
  var input = app.querySelector('[data-search-input]');
  var status = app.querySelector('[data-search-status]');
  var results = app.querySelector('[data-search-results]');
  var filterBox = app.querySelector('[data-search-filters]');
  var filters = Array.prototype.slice.call(app.querySelectorAll('[data-filter]'));
  var index = null;
  var docs = {};
  var unmask = [];
  var timer = 0;
  var MAX_RESULTS = 100;

  try {
    unmask = JSON.parse(app.getAttribute('data-unmask') || '[]').map(function (rule) {
      return { pattern: new RegExp(rule.pattern, 'g'), replace: rule.replace };
    });
  } catch (e) {
    unmask = [];
  }

  function norm(s) { return String(s).normalize('NFKC').toLowerCase(); }

  // Like norm, but keeps every character's length, so positions found in it are positions in s.
  function normKeep(s) {
    return Array.from(String(s), function (ch) {
      var n = ch.normalize('NFKC').toLowerCase();
      return n.length === ch.length ? n : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
    }).join('');
  }

  // The same restoration ingest applies (D建 → 党建), so masked and restored queries agree.
  function restore(q) {
    return unmask.reduce(function (text, rule) { return text.replace(rule.pattern, rule.replace); }, q);
  }

  function words(q) {
    return restore(q).split(/\s+/).map(function (w) { return w.trim(); }).filter(function (w) { return w.length > 0; });
  }

  function run(updateUrl) {
    var q = input.value;
    var list = words(q);
    var started = performance.now();
    results.textContent = '';
    if (updateUrl) { writeUrl(q); }
    if (list.length === 0) {
      status.textContent = index ? '请输入检索词。多个词用空格分开，表示同时包含。' : status.textContent;
      return;
    }
    if (!index) { return; }

    var tokens = [];
    list.forEach(function (w) { tokens = tokens.concat(window.ArchiveTokenizer.tokenize(w)); });
    var matches = [];
    if (tokens.length > 0) {
      matches = index.query(function (query) {
        tokens.forEach(function (t) {
          query.term(t, { usePipeline: false, presence: lunr.Query.presence.REQUIRED });
        });
      });
    }

    var needles = list.map(norm);
    var chosen = {};
    filters.forEach(function (f) { chosen[f.getAttribute('data-filter')] = f.value; });
    var found = matches.map(function (m) { return docs[m.ref]; }).filter(function (doc) {
      if (!doc) { return false; }
      var hay = norm(doc.title + '\n' + doc.text);
      return needles.every(function (n) { return hay.indexOf(n) >= 0; });
    });
    var filtered = found.filter(function (doc) {
      return Object.keys(chosen).every(function (key) { return !chosen[key] || doc[key] === chosen[key]; });
    });

    filtered.slice(0, MAX_RESULTS).forEach(function (doc) { results.appendChild(render(doc, needles)); });
    var elapsed = performance.now() - started;
    app.setAttribute('data-last-query-ms', elapsed.toFixed(1));
    if (!app.hasAttribute('data-first-results-ms')) {
      app.setAttribute('data-first-results-ms', performance.now().toFixed(1));
    }
    if (filtered.length === 0) {
      status.textContent = found.length === 0
        ? '没有找到包含“' + list.join(' ') + '”的报告。可以换一个说法，或减少词语。'
        : '有 ' + found.length + ' 篇报告包含“' + list.join(' ') + '”，但都不符合所选的筛选条件。';
    } else {
      status.textContent = '找到 ' + filtered.length + ' 篇报告' + (filtered.length > MAX_RESULTS ? '，显示前 ' + MAX_RESULTS + ' 篇' : '') + (found.length !== filtered.length ? '（筛选前 ' + found.length + ' 篇）' : '') + '。';
    }
  }

  function render(doc, needles) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = doc.url;
    a.className = 'report-title';
    highlight(a, doc.title, needles);
    li.appendChild(a);
    var meta = document.createElement('p');
    meta.className = 'report-meta';
    [doc.year === 'unknown' ? '年份不详' : doc.year + '年', doc.periodLabel, doc.level, doc.department, doc.date].forEach(function (v, i) {
      if (!v) { return; }
      var span = document.createElement('span');
      span.className = 'tag' + (i === 2 ? ' tag-level' : i === 3 ? ' tag-dept' : '');
      span.textContent = v;
      meta.appendChild(span);
      meta.appendChild(document.createTextNode(' '));
    });
    li.appendChild(meta);
    var snippet = document.createElement('p');
    snippet.className = 'snippet';
    highlight(snippet, excerpt(doc.text, needles), needles);
    li.appendChild(snippet);
    return li;
  }

  // About 120 characters around the first match, cut at sentence-ish boundaries.
  function excerpt(text, needles) {
    var flat = text.replace(/\s+/g, ' ');
    var low = normKeep(flat);
    var at = -1;
    needles.forEach(function (n) { var i = low.indexOf(n); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    if (low.length !== flat.length || at < 0) { at = 0; }
    var start = Math.max(0, at - 40);
    var end = Math.min(flat.length, at + 90);
    return (start > 0 ? '…' : '') + flat.slice(start, end) + (end < flat.length ? '…' : '');
  }

  // Appends text to an element with every occurrence of the needles wrapped in <mark>. Text only:
  // report text never becomes markup.
  function highlight(element, text, needles) {
    var low = normKeep(text);
    var pos = 0;
    while (pos < text.length) {
      var next = -1;
      var length = 0;
      needles.forEach(function (n) {
        var i = low.indexOf(n, pos);
        if (i >= 0 && n.length > 0 && (next < 0 || i < next)) { next = i; length = n.length; }
      });
      if (next < 0) { element.appendChild(document.createTextNode(text.slice(pos))); break; }
      if (next > pos) { element.appendChild(document.createTextNode(text.slice(pos, next))); }
      var mark = document.createElement('mark');
      mark.textContent = text.slice(next, next + length);
      element.appendChild(mark);
      pos = next + length;
    }
  }

  function writeUrl(q) {
    var params = new URLSearchParams();
    if (q.trim()) { params.set('q', q.trim()); }
    filters.forEach(function (f) { if (f.value) { params.set(f.getAttribute('data-filter'), f.value); } });
    var query = params.toString();
    history.replaceState(null, '', query ? '?' + query : location.pathname);
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    filters.forEach(function (f) { f.value = params.get(f.getAttribute('data-filter')) || ''; });
  }

  readUrl();
  status.textContent = '正在载入检索索引…';
  Promise.all([
    fetch(app.getAttribute('data-index-url')).then(function (r) { return r.json(); }),
    fetch(app.getAttribute('data-documents-url')).then(function (r) { return r.json(); })
  ]).then(function (loaded) {
    index = lunr.Index.load(loaded[0]);
    loaded[1].forEach(function (d) { docs[d.id] = d; });
    filterBox.hidden = false;
    app.setAttribute('data-search-ready', '');
    status.textContent = '';
    run(false);
    if (!input.value) { status.textContent = '请输入检索词。多个词用空格分开，表示同时包含。'; }
  }).catch(function () {
    status.textContent = '检索索引载入失败，请刷新页面重试。';
  });

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 200);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
  filters.forEach(function (f) { f.addEventListener('change', function () { run(true); }); });
  window.addEventListener('popstate', function () { readUrl(); run(false); });
}());
