// The page of `retell-query ui`: plain JavaScript, no library, nothing from the network. Every data request carries
// the token of this start (from the page's meta tag); the server refuses requests without it.
'use strict';

(() => {
  const $ = id => document.getElementById(id);
  const token = document.querySelector('meta[name="retell-token"]').content;
  const input = $('query');
  const highlight = $('highlight');
  const list = $('suggestions');
  const results = $('results');
  const rows = $('rows');
  const pageSize = 50;

  let typing = 0;          // the latest keystroke's number: older answers are dropped
  let suggestions = [];
  let active = -1;         // the suggestion the arrows chose; -1 when none was chosen
  let dismissed = false;   // Esc closes the list until the text changes
  let runs = 0;
  let plans = 0;           // as typing, for the plan and the counts: only the latest request's answer is shown
  let counts = 0;
  let search = null;       // { id, done, loading } of the search being paged

  async function api(path, body) {
    const response = await fetch('/api/' + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Retell-Token': token },
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch {
      // Not JSON: the status says what happened.
    }

    if (!response.ok) {
      throw new Error(data && data.error ? data.error : `${response.status} ${response.statusText}`);
    }

    return data;
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = !message;
  }

  // --- The search box: highlighting and squiggles from the language service, completion as you type. ---

  async function refresh() {
    const text = input.value;
    const caret = input.selectionStart ?? text.length;
    const mine = ++typing;
    try {
      const [analysis, completion] = await Promise.all([api('analyze', { text }), api('complete', { text, caret })]);
      if (mine !== typing) {
        return;
      }

      render(text, analysis.spans, analysis.diagnostics);
      showDiagnostics(analysis.diagnostics);
      showSuggestions(completion.suggestions);
    } catch (e) {
      if (mine === typing) {
        showError(e.message);
      }
    }
  }

  function render(text, spans, diagnostics) {
    const cuts = new Set([0, text.length]);
    for (const s of spans) {
      cuts.add(s.start);
      cuts.add(s.start + s.length);
    }

    for (const d of diagnostics) {
      cuts.add(d.start);
      cuts.add(Math.min(text.length, d.start + d.length));
    }

    const points = [...cuts].filter(p => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const pieces = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const piece = document.createElement('span');
      const span = spans.find(s => s.start <= from && from < s.start + s.length);
      piece.className = 'c-' + (span ? span.class : 'whitespace');
      const diagnostic = diagnostics.find(d => d.start <= from && from < d.start + d.length);
      if (diagnostic) {
        piece.classList.add('squiggle');
        piece.title = diagnostic.message;
      }

      piece.textContent = text.slice(from, to);
      pieces.append(piece);
    }

    // Something missing at the end ("expected a value") is marked after the text.
    for (const d of diagnostics.filter(d => d.length === 0)) {
      const mark = document.createElement('span');
      mark.className = 'squiggle at-end';
      mark.title = d.message;
      mark.textContent = ' ';
      pieces.append(mark);
    }

    highlight.replaceChildren(pieces);
    highlight.scrollLeft = input.scrollLeft;
  }

  function showDiagnostics(diagnostics) {
    const items = diagnostics.map(d => {
      const item = document.createElement('li');
      item.textContent = `${d.message} (at ${d.start + 1})`;
      return item;
    });
    $('diagnostics').replaceChildren(...items);
  }

  function showSuggestions(items) {
    suggestions = items;
    active = -1;
    if (dismissed || document.activeElement !== input || items.length === 0) {
      close();
      return;
    }

    list.replaceChildren(...items.map((s, i) => {
      const item = document.createElement('li');
      item.id = `suggestion-${i}`;
      item.setAttribute('role', 'option');
      item.dataset.kind = s.kind;
      for (const [cls, text] of [['label', s.text], ['kind', s.kind.replace('_', ' ')], ['doc', s.documentation]]) {
        const part = document.createElement('span');
        part.className = cls;
        part.textContent = text;
        item.append(part);
      }

      // mousedown, not click: the box must keep the focus.
      item.addEventListener('mousedown', e => {
        e.preventDefault();
        accept(s);
      });
      return item;
    }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function move(step) {
    if (suggestions.length === 0) {
      return;
    }

    active = (active + step + suggestions.length) % suggestions.length;
    [...list.children].forEach((item, i) => {
      item.classList.toggle('active', i === active);
      item.setAttribute('aria-selected', String(i === active));
    });
    const item = list.children[active];
    input.setAttribute('aria-activedescendant', item.id);
    item.scrollIntoView({ block: 'nearest' });
  }

  function accept(s) {
    const text = input.value;
    const after = text.slice(s.start + s.length);
    // A space after what was inserted, unless more of the same word follows (`metadata.`, `in (`).
    let insert = s.text;
    if (!/[.([]$/.test(insert) && !/^\s/.test(after)) {
      insert += ' ';
    }

    input.value = text.slice(0, s.start) + insert + after;
    const caret = s.start + insert.length;
    input.setSelectionRange(caret, caret);
    dismissed = false;
    refresh();
  }

  input.addEventListener('keydown', e => {
    if (!list.hidden) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        move(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }

      // Tab takes the chosen suggestion or the first; Enter only one chosen with the arrows (else it runs the query).
      if (e.key === 'Tab' || (e.key === 'Enter' && active >= 0)) {
        e.preventDefault();
        accept(suggestions[Math.max(active, 0)]);
        return;
      }

      if (e.key === 'Escape') {
        e.preventDefault();
        dismissed = true;
        close();
        return;
      }
    }

    if (e.key === 'Enter') {
      e.preventDefault();
      close();
      run();
    } else if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      dismissed = false;
      refresh();
    }
  });
  input.addEventListener('input', () => {
    dismissed = false;
    refresh();
  });
  input.addEventListener('keyup', e => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) {
      refresh();
    }
  });
  input.addEventListener('click', refresh);
  input.addEventListener('scroll', () => { highlight.scrollLeft = input.scrollLeft; });
  input.addEventListener('blur', close);

  // --- Running a query: the table pages as it scrolls; the plan and the counts come alongside. ---

  const options = () => ({ order: $('order').value, allow_client_filter: $('client-filter').checked });

  async function run() {
    const query = input.value;
    const mine = ++runs;
    search = null;
    rows.replaceChildren();
    showError('');
    setStatus('searching…');
    explain(query);
    count(query);
    try {
      const page = await api('search', { query, page_size: pageSize, ...options() });
      if (mine !== runs) {
        return;
      }

      search = { id: page.search, done: page.done, loading: false };
      append(page.rows);
      settle();
    } catch (e) {
      if (mine === runs) {
        setStatus('');
        showError(e.message);
      }
    }
  }

  async function more() {
    const current = search;
    if (!current || current.done || current.loading) {
      return;
    }

    current.loading = true;
    setStatus(`${rows.children.length} calls, loading more…`);
    try {
      const page = await api('more', { search: current.id, page_size: pageSize });
      if (current !== search) {
        return;
      }

      current.done = page.done;
      append(page.rows);
    } catch (e) {
      current.done = true;
      showError(e.message);
    } finally {
      current.loading = false;
    }

    if (current === search) {
      settle();
    }
  }

  // Says how far the table got, and fetches more while the table does not fill its pane.
  function settle() {
    const n = rows.children.length;
    setStatus(search.done ? `${n} ${n === 1 ? 'call' : 'calls'}` : `${n} calls so far: scroll for more`);
    if (!search.done && results.scrollHeight <= results.clientHeight + 100) {
      more();
    }
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  results.addEventListener('scroll', () => {
    if (results.scrollTop + results.clientHeight >= results.scrollHeight - 200) {
      more();
    }
  });

  function append(page) {
    const fragment = document.createDocumentFragment();
    for (const call of page) {
      const row = document.createElement('tr');
      row.dataset.callId = call.call_id;
      const cells = [
        call.call_id, time(call.start_timestamp), call.call_status ?? '', duration(call.duration_ms),
        call.agent_id ? `${call.agent_id} v${call.agent_version ?? '?'}` : '',
        call.from_number || call.to_number ? `${call.from_number ?? '?'} → ${call.to_number ?? '?'}` : '—',
        call.user_sentiment ?? '',
      ];
      cells.forEach((text, i) => {
        const cell = document.createElement('td');
        cell.textContent = text;
        cell.className = columns[i];
        cell.title = text;
        row.append(cell);
      });
      row.addEventListener('click', () => open(call.call_id));
      fragment.append(row);
    }

    rows.append(fragment);
  }

  const columns = ['id', 'start', 'status', 'duration', 'agent', 'numbers', 'sentiment'];
  const time = ms => ms == null ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

  function duration(ms) {
    if (ms == null) {
      return '';
    }

    const seconds = Math.round(ms / 1000);
    const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
    const two = n => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  }

  async function explain(query) {
    const mine = ++plans;
    let text;
    try {
      text = (await api('explain', { query, ...options() })).plan;
    } catch (e) {
      text = e.message;
    }

    if (mine === plans) {
      $('plan').textContent = text;
    }
  }

  // --- Counts by a field, as a bar chart. ---

  async function count(query) {
    const mine = ++counts;
    const field = $('chart-field').value;
    const chart = $('chart');
    try {
      const answer = await api('counts', { query, field, ...options() });
      if (mine === counts) {
        $('chart-note').textContent = `${answer.scanned} calls counted${answer.capped ? ' (the first ones only)' : ''}`;
        draw(chart, answer.counts);
      }
    } catch (e) {
      if (mine === counts) {
        $('chart-note').textContent = e.message;
        chart.replaceChildren();
      }
    }
  }

  function draw(chart, counts) {
    const ns = 'http://www.w3.org/2000/svg';
    const [width, row, labelWidth] = [330, 22, 130];
    const max = Math.max(1, ...counts.map(c => c.count));
    chart.setAttribute('viewBox', `0 0 ${width} ${Math.max(row, counts.length * row)}`);
    chart.setAttribute('height', String(Math.max(row, counts.length * row)));
    const shapes = counts.flatMap((c, i) => {
      const y = i * row;
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + 15));
      label.textContent = c.value;
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', String(labelWidth));
      bar.setAttribute('y', String(y + 4));
      bar.setAttribute('height', String(row - 8));
      bar.setAttribute('width', String(Math.max(1, (width - labelWidth - 50) * c.count / max)));
      const value = document.createElementNS(ns, 'text');
      value.setAttribute('x', String(labelWidth + (width - labelWidth - 50) * c.count / max + 6));
      value.setAttribute('y', String(y + 15));
      value.textContent = String(c.count);
      return [label, bar, value];
    });
    chart.replaceChildren(...shapes);
  }

  // --- A call's detail: its JSON, and its transcript when it has one. ---

  async function open(callId) {
    try {
      const call = await api('call', { call_id: callId });
      $('detail-title').textContent = callId;
      $('call-json').textContent = JSON.stringify(call, null, 2);
      const transcript = typeof call.transcript === 'string' ? call.transcript
        : Array.isArray(call.transcript_object) ? call.transcript_object.map(t => `${t.role}: ${t.content}`).join('\n')
        : '';
      $('transcript').textContent = transcript;
      $('transcript-section').hidden = !transcript;
      $('detail').hidden = false;
    } catch (e) {
      showError(e.message);
    }
  }

  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; });
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape' && document.activeElement !== input) {
      $('detail').hidden = true;
    }
  });

  $('run').addEventListener('click', run);
  $('order').addEventListener('change', run);
  $('client-filter').addEventListener('change', run);
  $('chart-field').addEventListener('change', () => count(input.value));

  (async () => {
    try {
      const info = await api('info', {});
      $('source').textContent = `calls from ${info.source}`;
      $('chart-field').replaceChildren(...info.chart_fields.map(name => new Option(name, name, false, name === 'call_status')));
    } catch (e) {
      showError(e.message);
    }

    input.focus();
    run();
  })();
})();
