// Progressive enhancement for tables marked class="sortable": click a column heading to sort
// the rows on this page, type in the filter box to hide rows that do not contain the text.
// Without JavaScript the server-side paging and ordering still work.

function cellValue(row, index) {
  const cell = row.cells[index];
  if (!cell) return '';
  const text = (cell.dataset.sort ?? cell.textContent).trim();
  const number = Number(text.replace(/[%\s,]/g, ''));
  return text !== '' && !Number.isNaN(number) ? number : text.toLowerCase();
}

function sortBy(table, index, heading) {
  const body = table.tBodies[0];
  if (!body) return;
  const ascending = heading.getAttribute('aria-sort') !== 'ascending';
  for (const th of table.tHead.rows[0].cells) th.removeAttribute('aria-sort');
  heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  const rows = Array.from(body.rows).filter((r) => !r.classList.contains('empty'));
  rows.sort((a, b) => {
    const x = cellValue(a, index);
    const y = cellValue(b, index);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return ascending ? order : -order;
  });
  for (const row of rows) body.appendChild(row);
}

function addFilter(table) {
  const input = document.createElement('input');
  input.type = 'search';
  input.className = 'table-filter';
  input.placeholder = 'Filter…';
  input.setAttribute('aria-label', 'Filter the rows of this table');
  input.addEventListener('input', () => {
    const needle = input.value.trim().toLowerCase();
    for (const row of table.tBodies[0]?.rows ?? []) {
      row.hidden = needle !== '' && !row.textContent.toLowerCase().includes(needle);
    }
  });
  table.before(input);
}

export function enhance(root = document) {
  for (const table of root.querySelectorAll('table.sortable')) {
    if (table.dataset.enhanced) continue;
    table.dataset.enhanced = 'true';
    const headings = table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
    headings.forEach((th, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = th.textContent;
      button.addEventListener('click', () => sortBy(table, index, th));
      th.textContent = '';
      th.appendChild(button);
    });
    addFilter(table);
  }
}

enhance();
