/*
 * Combined browse page: filters the full list (rendered by the build, so the page lists everything
 * without JavaScript) by year × level × department × period. Counts show how many reports each
 * option would give with the other selections; the selection lives in the URL so it can be shared.
 */
(function () {
  'use strict';
  var form = document.querySelector('[data-browse-form]');
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll('.browse-results .report-item'));
  var facets = Array.prototype.map.call(form.querySelectorAll('[data-facet]'), function (fieldset) {
    return { key: fieldset.getAttribute('data-facet'), fieldset: fieldset, boxes: Array.prototype.slice.call(fieldset.querySelectorAll('input[type=checkbox]')) };
  });
  var status = document.querySelector('[data-browse-status]');
  var empty = document.querySelector('[data-browse-empty]');
  var total = items.length;

  function selected() {
    var s = {};
    facets.forEach(function (f) {
      s[f.key] = f.boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    });
    return s;
  }

  function matches(item, sel, except) {
    return facets.every(function (f) {
      if (f.key === except) { return true; }
      var values = sel[f.key];
      return values.length === 0 || values.indexOf(item.getAttribute('data-' + f.key)) >= 0;
    });
  }

  function update(push) {
    var sel = selected();
    var shown = 0;
    items.forEach(function (item) {
      var ok = matches(item, sel, null);
      item.hidden = !ok;
      if (ok) { shown++; }
    });
    facets.forEach(function (f) {
      var counts = {};
      items.forEach(function (item) {
        if (matches(item, sel, f.key)) {
          var v = item.getAttribute('data-' + f.key);
          counts[v] = (counts[v] || 0) + 1;
        }
      });
      f.boxes.forEach(function (box) {
        var n = counts[box.value] || 0;
        var label = f.fieldset.querySelector('[data-count-for="' + CSS.escape(box.value) + '"]');
        if (label) { label.textContent = n; }
        box.closest('li').classList.toggle('is-empty', n === 0 && !box.checked);
      });
    });
    status.textContent = shown === total ? '共 ' + total + ' 篇报告。' : '符合条件的报告 ' + shown + ' 篇（共 ' + total + ' 篇）。';
    empty.hidden = shown !== 0;
    if (push) {
      var params = new URLSearchParams();
      facets.forEach(function (f) { sel[f.key].forEach(function (v) { params.append(f.key, v); }); });
      var query = params.toString();
      history.replaceState(null, '', query ? '?' + query : location.pathname);
    }
  }

  // Restore a shared selection from the URL.
  var initial = new URLSearchParams(location.search);
  facets.forEach(function (f) {
    var values = initial.getAll(f.key);
    f.boxes.forEach(function (b) { b.checked = values.indexOf(b.value) >= 0; });
  });

  form.addEventListener('change', function () { update(true); });
  form.addEventListener('submit', function (e) { e.preventDefault(); update(true); });
  form.addEventListener('reset', function () { setTimeout(function () { update(true); }, 0); });
  update(false);
}());
