/*
 * The search page: reads the search manifest the build wrote, runs queries with search-core.js
 * (which fetches only the index shards and document chunks a query needs), and shows ranked
 * results with highlighted snippets. The query and filters live in the URL (?q=…), so a search is
 * a shareable link. Report text is only ever inserted as text, never as markup.
 */
(function () {
  'use strict';
  var app = document.querySelector('[data-search]');
  if (!app || !window.lunr || !window.ArchiveTokenizer || !window.ArchiveSearch) { return; }
  var core = window.ArchiveSearch;

  var form = app.querySelector('[data-search-form]');
  var input = app.querySelector('[data-search-input]');
  var status = app.querySelector('[data-search-status]');
  var results = app.querySelector('[data-search-results]');
  var filterBox = app.querySelector('[data-search-filters]');
  var filters = Array.prototype.slice.call(app.querySelectorAll('[data-filter]'));
  var searcher = null;
  var rules = [];
  var latest = 0;
  var timer = 0;
  var PAGE = 20; // results shown at first, and added by the "more" button
  var more = app.querySelector('[data-search-more]');
  var limit = PAGE;
  // An archive whose search files weigh less than this is loaded whole in the background after
  // the first results, so that later queries fetch nothing (larger archives load the shards and
  // documents each query needs).
  var WARM_LIMIT = 6 * 1024 * 1024;

  try { rules = core.compileRules(JSON.parse(app.getAttribute('data-unmask') || '[]')); } catch (e) { rules = []; }

  function chosen() {
    var f = {};
    filters.forEach(function (s) { f[s.getAttribute('data-filter')] = s.value; });
    return f;
  }

  function run(updateUrl, keepLimit) {
    var q = input.value;
    if (!keepLimit) { limit = PAGE; }
    if (updateUrl) { writeUrl(q); }
    if (!searcher) { return; }
    var started = performance.now();
    var ticket = ++latest;
    var slow = setTimeout(function () { if (ticket === latest) { status.textContent = '正在检索…'; } }, 150);
    searcher.search(q, chosen(), limit).then(function (outcome) {
      clearTimeout(slow);
      if (ticket === latest) { show(outcome, started); }
    }, function () {
      clearTimeout(slow);
      if (ticket === latest) { status.textContent = '检索索引载入失败，请检查网络后重试。'; }
    });
  }

  function show(outcome, started) {
    results.textContent = '';
    more.hidden = outcome.exact && outcome.count <= outcome.results.length;
    if (outcome.words.length === 0) {
      status.textContent = '请输入检索词。多个词用空格分开，表示同时包含。';
      return;
    }
    outcome.results.forEach(function (r) { results.appendChild(render(r.doc, outcome.needles)); });
    app.setAttribute('data-last-query-ms', (performance.now() - started).toFixed(1));
    if (!app.hasAttribute('data-first-results-ms')) {
      app.setAttribute('data-first-results-ms', performance.now().toFixed(1));
      setTimeout(warm, 0);
    }
    var shown = outcome.words.join(' ');
    var n = outcome.count;
    var atLeast = outcome.exact ? '' : '至少';
    if (n === 0) {
      status.textContent = outcome.found === 0
        ? '没有找到包含“' + shown + '”的报告。可以换一个说法，或减少词语。'
        : '有' + atLeast + ' ' + outcome.found + ' 篇报告包含“' + shown + '”，但都不符合所选的筛选条件。';
    } else {
      status.textContent = '找到' + atLeast + ' ' + n + ' 篇包含“' + shown + '”的报告' + (n > outcome.results.length ? '，按相关度显示前 ' + outcome.results.length + ' 篇' : '')
        + (outcome.found !== n ? '（筛选前' + atLeast + ' ' + outcome.found + ' 篇）' : '') + '。';
    }
  }

  function warm() {
    searcher.warm(WARM_LIMIT).then(function (done) {
      if (done) { app.setAttribute('data-search-warm', ''); }
    }, function () { /* queries still load what they need */ });
  }

  function render(doc, needles) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = doc.url;
    a.className = 'report-title';
    append(a, doc.title, needles);
    li.appendChild(a);
    var meta = document.createElement('p');
    meta.className = 'report-meta';
    [[doc.year === 'unknown' ? '年份不详' : doc.year + '年', 'tag'], [doc.periodLabel, 'tag'], [doc.level, 'tag tag-level'], [doc.department, 'tag tag-dept'], [doc.date, 'tag']].forEach(function (v) {
      if (!v[0]) { return; }
      var span = document.createElement('span');
      span.className = v[1];
      span.textContent = v[0];
      meta.appendChild(span);
      meta.appendChild(document.createTextNode(' '));
    });
    li.appendChild(meta);
    var snippet = document.createElement('p');
    snippet.className = 'snippet';
    append(snippet, core.excerpt(doc.text, needles), needles);
    li.appendChild(snippet);
    return li;
  }

  function append(element, text, needles) {
    core.pieces(text, needles).forEach(function (piece) {
      if (piece.match) {
        var mark = document.createElement('mark');
        mark.textContent = piece.text;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(piece.text));
      }
    });
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
  var manifestUrl = new URL(app.getAttribute('data-manifest-url'), location.href);
  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
      return r.json();
    });
  }
  // The page carries the manifest (a data block), so the first query's files are requested at once;
  // the manifest file beside the index is the fallback.
  function embeddedManifest() {
    var block = app.querySelector('[data-search-manifest]');
    try { return block ? JSON.parse(block.textContent) : null; } catch (e) { return null; }
  }
  var embedded = embeddedManifest();
  (embedded ? Promise.resolve(embedded) : fetchJson(manifestUrl.href)).then(function (manifest) {
    searcher = core.createSearcher(window.lunr, window.ArchiveTokenizer, manifest,
      function (name) { return fetchJson(new URL(name, manifestUrl).href); }, rules);
    filterBox.hidden = false;
    app.setAttribute('data-search-ready', '');
    run(false);
    if (!input.value.trim()) { warm(); }
  }).catch(function () {
    status.textContent = '检索索引载入失败，请刷新页面重试。';
  });

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 200);
  });
  more.addEventListener('click', function () { limit += PAGE; run(false, true); });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
  filters.forEach(function (f) { f.addEventListener('change', function () { run(true); }); });
  window.addEventListener('popstate', function () { readUrl(); run(false); });
}());
