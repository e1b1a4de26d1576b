/* Small enhancements for every page; the site works without them. */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // Citable section links: a ¶ after each report heading that links to it.
  var headings = document.querySelectorAll('.report-body h2[id], .report-body h3[id], .report-body h4[id], .report-body h5[id]');
  Array.prototype.forEach.call(headings, function (heading) {
    var anchor = document.createElement('a');
    anchor.className = 'heading-anchor';
    anchor.href = '#' + heading.id;
    anchor.setAttribute('aria-label', '本节链接');
    anchor.textContent = '¶';
    heading.appendChild(anchor);
  });

  // On narrow screens the outline starts folded so the text comes first.
  var outline = document.querySelector('.outline details');
  if (outline && window.matchMedia && window.matchMedia('(max-width: 999px)').matches) {
    outline.removeAttribute('open');
  }
}());
