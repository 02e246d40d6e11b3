// Progressive enhancement only: the pages are complete without this script. It adds sorting by any
// column of tables marked data-sortable, and a text filter above tables marked data-filterable.
(function () {
  'use strict';

  function sortKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var key = cell.getAttribute('data-sort');
    return key === null ? cell.textContent.trim() : key;
  }

  function compareKeys(a, b) {
    var numberA = Number(a);
    var numberB = Number(b);
    if (a !== '' && b !== '' && !isNaN(numberA) && !isNaN(numberB)) return numberA - numberB;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
  }

  function makeSortable(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, index) {
      if (header.classList.contains('nosort')) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = header.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (other) {
          other.removeAttribute('aria-sort');
        });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (first, second) {
          var order = compareKeys(sortKey(first, index), sortKey(second, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
      });
    });
  }

  function addFilter(table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var label = document.createElement('label');
    label.className = 'filter';
    label.appendChild(document.createTextNode('Filter scenarios'));
    var input = document.createElement('input');
    input.type = 'search';
    input.placeholder = 'name, OK, KO, stale, missing…';
    input.setAttribute('aria-controls', table.id);
    label.appendChild(input);
    var count = document.createElement('span');
    count.className = 'filter-count';
    count.setAttribute('aria-live', 'polite');
    label.appendChild(count);
    var wrap = table.closest('.table-wrap') || table;
    wrap.parentNode.insertBefore(label, wrap);
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute('data-filter') || row.textContent.toLowerCase();
        var match = words.every(function (word) {
          return text.indexOf(word) !== -1;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length === 0 ? '' : shown + ' of ' + rows.length + ' shown';
    });
  }

  // A table wider than its box gets a line saying so, kept true when the window is resized.
  function cueOverflow(wrap) {
    var hint = document.createElement('p');
    hint.className = 'scroll-hint';
    hint.textContent = 'More columns: scroll the table sideways →';
    wrap.parentNode.insertBefore(hint, wrap);
    function update() {
      var overflowing = wrap.scrollWidth > wrap.clientWidth + 1;
      hint.hidden = !overflowing;
      if (overflowing) wrap.setAttribute('tabindex', '0');
    }
    update();
    window.addEventListener('resize', update);
  }

  // Pages are read days after they were written: past staleAfterHours, say how old this one is, in
  // the reader's clock (the page cannot know it when it is written).
  function showAge(notice) {
    var generated = Date.parse(notice.getAttribute('data-generated'));
    var limit = Number(notice.getAttribute('data-stale-after-hours'));
    var hours = (Date.now() - generated) / 3600000;
    if (isNaN(generated) || isNaN(limit) || hours <= limit) return;
    var days = Math.floor(hours / 24);
    var age = days >= 1 ? days + (days === 1 ? ' day' : ' days') : Math.floor(hours) + ' hours';
    notice.textContent = 'This page is ' + age + ' old — the daily job may have stopped.';
    notice.hidden = false;
  }

  document.querySelectorAll('.page-age').forEach(showAge);
  document.querySelectorAll('table[data-sortable]').forEach(makeSortable);
  document.querySelectorAll('.table-wrap').forEach(cueOverflow);
  document.querySelectorAll('table[data-filterable]').forEach(addFilter);
  // Paper cannot be clicked: a printed page shows what collapsed lists (failed tests) hold.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) {
      details.open = true;
    });
  });
})();
