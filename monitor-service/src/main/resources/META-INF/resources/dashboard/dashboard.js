// Draws the dashboard from GET /api/v1/dashboard, in the seed's four tabs (service health, training
// history, drift detection, model info) and the online metrics. Each chart's canvas gets data-points (how many values it
// drew) and each table data-rows once rendered, so a headless browser can tell an empty tab from a
// drawn one; charts in hidden tabs are drawn too and resized when their tab is shown.
(function () {
  const COLORS = { ALS: '#2563eb', BPR: '#9333ea', baseline: '#9ca3af', rating: '#dc2626', psi: '#ea580c', jaccard: '#0891b2',
    warning: '#d97706', critical: '#b91c1c' };
  const REPLICA_COLORS = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d', '#4b5563'];
  const TABS = ['service', 'training', 'drift', 'models', 'online'];
  const charts = {};
  let selectedModel = null; // the model whose history the model-info tab shows; null: every model's newest changes

  function draw(id, config, points) {
    if (charts[id]) { charts[id].destroy(); }
    const canvas = document.getElementById(id);
    config.options = Object.assign({ animation: false, responsive: true }, config.options || {});
    charts[id] = new Chart(canvas, config);
    canvas.dataset.points = String(points);
  }

  function cell(row, text, cls) {
    const td = row.insertCell();
    td.textContent = text == null ? '' : String(text);
    if (cls) { td.className = cls; }
    return td;
  }

  function fill(tableId, rows, render) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.innerHTML = '';
    rows.forEach(r => render(body.insertRow(), r));
    document.getElementById(tableId).dataset.rows = String(rows.length);
  }

  function facts(id, pairs) {
    const dl = document.getElementById(id);
    dl.innerHTML = '';
    pairs.forEach(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k; dl.appendChild(dt);
      const dd = document.createElement('dd'); dd.textContent = v == null ? '—' : String(v); dl.appendChild(dd);
    });
  }

  const minute = t => t.substring(5, 16).replace('T', ' ');
  const when = t => t == null ? '' : t.substring(0, 19).replace('T', ' ');
  const num = (x, digits) => x == null ? '' : Number(x).toFixed(digits);

  function showTab(name) {
    if (!TABS.includes(name)) { name = TABS[0]; }
    TABS.forEach(t => { document.getElementById('tab-' + t).hidden = t !== name; });
    document.querySelectorAll('#tabs a').forEach(a => a.classList.toggle('active', a.dataset.tab === name));
    // A chart drawn while its tab was hidden has no size yet.
    document.querySelectorAll('#tab-' + name + ' canvas').forEach(c => { if (charts[c.id]) { charts[c.id].resize(); } });
    document.body.dataset.tab = name;
  }

  // One line per replica over the union of minutes (gaps where a replica had no row), plus threshold lines.
  function perReplica(id, minutes, value, thresholds, yOptions) {
    const labels = [...new Set(minutes.map(m => m.minute))].sort();
    const index = new Map(labels.map((l, i) => [l, i]));
    const replicas = [...new Set(minutes.map(m => m.instance_id))].sort();
    const datasets = replicas.map((r, i) => {
      const data = new Array(labels.length).fill(null);
      minutes.filter(m => m.instance_id === r).forEach(m => { data[index.get(m.minute)] = value(m); });
      const color = REPLICA_COLORS[i % REPLICA_COLORS.length];
      return { label: r, borderColor: color, backgroundColor: color, data: data, pointRadius: 2, spanGaps: false };
    });
    thresholds.forEach(([label, v, color]) => datasets.push({ label: label, borderColor: color, borderDash: [6, 4],
      pointRadius: 0, data: labels.map(() => v) }));
    draw(id, { type: 'line', data: { labels: labels.map(minute), datasets: datasets },
      options: { scales: { y: Object.assign({ min: 0 }, yOptions || {}) } } }, minutes.length);
  }

  function renderService(s) {
    const t = s.thresholds;
    perReplica('chart-latency', s.minutes, m => m.avg_latency_ms,
      [['warning ' + t.high_latency_ms + ' ms', t.high_latency_ms, COLORS.warning],
       ['critical ' + t.critical_latency_ms + ' ms', t.critical_latency_ms, COLORS.critical]]);
    perReplica('chart-errors', s.minutes, m => m.error_rate, [['critical ' + t.error_rate, t.error_rate, COLORS.critical]]);
    perReplica('chart-fallbacks', s.minutes, m => m.fallback_rate,
      [['warning ' + t.fallback_rate, t.fallback_rate, COLORS.warning]]);
    fill('table-replicas', s.replicas, (row, r) => {
      cell(row, r.instance_id, 'mono'); cell(row, r.base_url); cell(row, r.model_id, 'mono');
      cell(row, r.live ? 'live' : 'gone', r.live ? 'status-live' : 'status-gone'); cell(row, when(r.last_seen));
      cell(row, r.refused_model_id, 'mono');
    });
  }

  function renderTraining(d) {
    // Model quality: one series per model type, and the popularity baseline each was measured against.
    const times = d.models.map(m => m.created_at.substring(0, 16).replace('T', ' '));
    const series = ['ALS', 'BPR'].map(t => ({
      label: t + ' Recall@10', borderColor: COLORS[t], backgroundColor: COLORS[t], spanGaps: true,
      data: d.models.map(m => m.type === t ? m['recall@10'] : null)
    }));
    series.push({ label: 'popularity baseline', borderColor: COLORS.baseline, borderDash: [6, 4], spanGaps: true,
      data: d.models.map(m => m['baseline_recall@10']) });
    draw('chart-models', { type: 'line', data: { labels: times, datasets: series } },
      d.models.filter(m => m['recall@10'] != null).length);

    const stages = d.stage_stats.map(s => s.stage);
    draw('chart-success', { type: 'bar', data: { labels: stages, datasets: [{ label: 'success rate',
      backgroundColor: '#15803d', data: d.stage_stats.map(s => s.success_rate) }] },
      options: { scales: { y: { min: 0, max: 1 } } } }, stages.length);
    draw('chart-duration', { type: 'bar', data: { labels: stages, datasets: [{ label: 'mean duration (s)',
      backgroundColor: '#2563eb', data: d.stage_stats.map(s => s.mean_duration_seconds) }] } }, stages.length);
    fillRuns(d.runs);
  }

  // A chain is one row (its first run) that expands to the runs it started, each under the run that
  // started it, and the edges that fired but started nothing (cooling down, absorbed, too deep).
  const openChains = new Set(); // unfolded chains stay unfolded across the minute's refresh
  function fillRuns(runs) {
    const table = document.getElementById('table-runs');
    const body = table.querySelector('tbody');
    body.innerHTML = '';
    const byId = new Map(runs.map(r => [r.id, r]));
    const children = new Map();
    runs.forEach(r => {
      if (r.parent_run_id && byId.has(r.parent_run_id)) {
        if (!children.has(r.parent_run_id)) children.set(r.parent_run_id, []);
        children.get(r.parent_run_id).push(r);
      }
    });
    const roots = runs.filter(r => !(r.parent_run_id && byId.has(r.parent_run_id)));
    const runRow = (r, depth, chainId) => {
      const row = body.insertRow();
      row.dataset.run = r.id;
      if (depth > 0) { row.className = 'chain-member'; row.dataset.chain = chainId; row.hidden = !openChains.has(chainId); }
      cell(row, when(r.started_at));
      cell(row, (depth > 0 ? '\u00a0\u00a0'.repeat(depth) + '\u21b3 ' : '') + r.stage);
      cell(row, r.trigger); cell(row, r.status, 'status-' + r.status);
      cell(row, r.duration_ms == null ? '' : (r.duration_ms / 1000).toFixed(1) + ' s'); cell(row, r.message);
      return row;
    };
    const descend = (r, depth, chainId, out) => {
      (r.chain || []).filter(l => l.decision !== 'STARTED' || !l.child_run_id || !byId.has(l.child_run_id))
        .forEach(l => out.push({ link: l, depth: depth + 1 }));
      (children.get(r.id) || []).slice().reverse().forEach(c => { out.push({ run: c, depth: depth + 1 });
        descend(c, depth + 1, chainId, out); });
      return out;
    };
    roots.forEach(root => {
      const members = descend(root, 0, root.id, []);
      const head = runRow(root, 0, root.id);
      if (members.length === 0) return;
      const runsInChain = 1 + members.filter(m => m.run).length;
      const idle = members.length - (runsInChain - 1);
      head.className = 'chain-head';
      const toggle = document.createElement('button');
      toggle.className = 'chain-toggle'; toggle.textContent = openChains.has(root.id) ? '\u25be' : '\u25b8';
      toggle.title = 'what this run started';
      head.cells[1].prepend(toggle);
      head.cells[5].textContent += ' \u2014 ' + (runsInChain > 1 ? 'chain of ' + runsInChain + ' runs' : 'started no run')
        + (idle > 0 ? ', ' + idle + (idle === 1 ? ' edge' : ' edges') + ' that started nothing' : '');
      toggle.addEventListener('click', () => {
        const open = !openChains.has(root.id);
        if (open) { openChains.add(root.id); } else { openChains.delete(root.id); }
        toggle.textContent = open ? '\u25be' : '\u25b8';
        body.querySelectorAll('tr[data-chain="' + root.id + '"]').forEach(tr => { tr.hidden = !open; });
      });
      members.forEach(m => {
        if (m.run) { runRow(m.run, m.depth, root.id); return; }
        const row = body.insertRow(); row.className = 'chain-link'; row.dataset.chain = root.id;
        row.hidden = !openChains.has(root.id);
        cell(row, ''); cell(row, '\u00a0\u00a0'.repeat(m.depth) + '\u21b3 ' + m.link.to_stage);
        cell(row, 'chain'); cell(row, m.link.decision, 'status-' + m.link.decision);
        cell(row, ''); cell(row, m.link.edge + ' (' + m.link.outcome + '): ' + m.link.detail);
      });
    });
    table.dataset.rows = String(roots.length); // rows shown folded: one per chain
  }

  function renderDrift(d) {
    const driftTimes = d.drift.map(r => r.created_at.substring(0, 16).replace('T', ' '));
    draw('chart-drift', { type: 'line', data: { labels: driftTimes, datasets: [
      { label: 'largest rating share change', borderColor: COLORS.rating, data: d.drift.map(r => r.rating_max_difference) },
      { label: 'PSI', borderColor: COLORS.psi, data: d.drift.map(r => r.psi) },
      { label: 'top-K Jaccard', borderColor: COLORS.jaccard, data: d.drift.map(r => r.jaccard) }] } }, d.drift.length);
    fill('table-drift', d.drift.slice().reverse(), (row, r) => {
      cell(row, when(r.created_at)); cell(row, r.baseline, 'mono'); cell(row, r.snapshot, 'mono');
      cell(row, r.severity, 'status-' + r.severity); cell(row, num(r.rating_max_difference, 3));
      cell(row, num(r.psi, 3)); cell(row, num(r.jaccard, 3));
    });
  }

  function renderHealth(d) {
    const level = { HEALTHY: 0, WARNING: 1, CRITICAL: 2 };
    draw('chart-health', { type: 'line', data: { labels: d.health.history.map(h => h.checked_at.substring(0, 16).replace('T', ' ')),
      datasets: [{ label: 'status (0 healthy, 1 warning, 2 critical)', stepped: true, borderColor: '#6b7280',
        data: d.health.history.map(h => level[h.overall]) }] }, options: { scales: { y: { min: 0, max: 2 } } } },
      d.health.history.length);

    const latest = d.health.latest;
    const badge = document.getElementById('health-badge');
    badge.textContent = 'health: ' + (latest ? latest.overall_status : 'not checked yet');
    badge.className = 'badge ' + (latest ? latest.overall_status : '');
    const checks = [];
    if (latest) {
      Object.entries(latest.components).forEach(([name, c]) => c.checks.forEach(k => checks.push([name, k])));
    }
    fill('table-health', checks, (row, [name, k]) => {
      cell(row, name); cell(row, k.severity, 'status-' + (k.passed ? 'healthy' : k.severity));
      cell(row, k.name); cell(row, k.message);
    });
  }

  function renderChanges(changes, title) {
    document.getElementById('changes-title').textContent = title;
    fill('table-changes', changes, (row, c) => {
      cell(row, when(c.changed_at)); cell(row, c.model_id, 'mono'); cell(row, c.from == null ? '(registered)' : c.from,
        c.from == null ? '' : 'status-' + c.from);
      cell(row, c.to, 'status-' + c.to); cell(row, c.reason); cell(row, c.actor); cell(row, c.run_id, 'mono');
      cell(row, c.host, 'mono');
    });
  }

  function selectModel(id, fallback) {
    selectedModel = id;
    document.querySelectorAll('#table-registry tbody tr').forEach(tr => tr.classList.toggle('selected', tr.dataset.model === id));
    if (id == null) {
      renderChanges(fallback, 'State changes, newest first');
      return;
    }
    fetch('/api/v1/registry/models/' + encodeURIComponent(id) + '/history').then(r => r.json())
      .then(h => renderChanges(h, 'History of ' + id + ' (oldest first)'))
      .catch(e => { document.getElementById('changes-title').textContent = 'could not load the history of ' + id + ': ' + e; });
  }

  function renderModels(d) {
    const reg = d.registry;
    const c = reg.champion;
    facts('champion', c ? [['model', c.id], ['type', c.type], ['Recall@10', num(c.metrics['recall@10'], 4)],
      ['NDCG@10', num(c.metrics['ndcg@10'], 4)], ['baseline Recall@10', num(c.baseline_metrics['recall@10'], 4)],
      ['champion since', when(c.state_changed_at)], ['why', c.state_reason], ['in production', c.production ? 'yes' : 'no']]
      : [['model', 'no champion']]);
    const p = reg.production;
    facts('production', p ? [['model', p.model_id], ['generation', p.generation], ['deployment', '#' + p.deployment_id],
      ['since', when(p.updated_at)]] : [['model', 'nothing deployed']]);
    const k = reg.canary;
    facts('canary', k ? [['model', k.model_id], ['share of users', num(100 * k.share, 1) + ' %'],
      ['deployment', '#' + k.deployment_id], ['since', when(k.updated_at)]] : [['model', 'no canary running']]);
    fill('table-registry', reg.models, (row, m) => {
      row.dataset.model = m.id;
      cell(row, m.id + (m.production ? '  ◀ production' : ''), 'mono'); cell(row, m.type); cell(row, m.state, 'status-' + m.state);
      cell(row, num(m.metrics['recall@10'], 4)); cell(row, num(m.baseline_metrics['recall@10'], 4));
      cell(row, when(m.created_at)); cell(row, when(m.state_changed_at)); cell(row, m.state_reason);
      row.addEventListener('click', () => selectModel(selectedModel === m.id ? null : m.id, reg.changes));
    });
    selectModel(selectedModel, reg.changes);
    fill('table-deployments', d.deployments, (row, x) => {
      cell(row, x.id); cell(row, when(x.started_at)); cell(row, x.alias); cell(row, x.action);
      cell(row, x.model_id, 'mono'); cell(row, x.previous_model_id, 'mono'); cell(row, x.status, 'status-' + x.status); cell(row, x.message);
    });
  }

  // Vertical dashed lines at the days the production alias moved, labelled with the new model
  // (options.plugins.changeMarks.marks: [{index, label}]).
  const changeMarks = {
    id: 'changeMarks',
    afterDatasetsDraw(chart, args, opts) {
      const marks = (opts && opts.marks) || [];
      const area = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      marks.forEach((m, i) => {
        const x = chart.scales.x.getPixelForValue(m.index);
        ctx.strokeStyle = '#6b7280';
        ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(x, area.top); ctx.lineTo(x, area.bottom); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#374151';
        ctx.font = '10px system-ui, sans-serif';
        const width = ctx.measureText(m.label).width;
        // Near the right edge the label goes to the line's left, so it is not cut off.
        ctx.fillText(m.label, x + 3 + width > area.right ? x - 3 - width : x + 3, area.top + 10 + 11 * (i % 3));
      });
      ctx.restore();
    }
  };

  // One line per model and variant over every day of the window (gaps where it served nothing).
  function perModel(id, o, labels, value, marks, yOptions) {
    const index = new Map(labels.map((l, i) => [l, i]));
    const keys = [...new Set(o.metrics.map(m => m.model_id + ' · ' + m.variant))].sort();
    let points = 0;
    const datasets = keys.map((k, i) => {
      const data = new Array(labels.length).fill(null);
      o.metrics.filter(m => m.model_id + ' · ' + m.variant === k).forEach(m => {
        const v = value(m);
        if (v != null) { data[index.get(m.day)] = v; points++; }
      });
      const color = REPLICA_COLORS[i % REPLICA_COLORS.length];
      return { label: k, borderColor: color, backgroundColor: color, data: data, pointRadius: 3, spanGaps: false,
        borderDash: k.endsWith('canary') ? [6, 4] : [] };
    });
    draw(id, { type: 'line', data: { labels: labels, datasets: datasets }, plugins: [changeMarks],
      options: { plugins: { changeMarks: { marks: marks } }, scales: { y: Object.assign({ min: 0 }, yOptions || {}) } } },
      points);
    document.getElementById(id).dataset.marks = String(marks.length);
  }

  function renderOnline(o) {
    const labels = [];
    for (let t = new Date(o.from + 'T00:00:00Z'); t <= new Date(o.to + 'T00:00:00Z'); t.setUTCDate(t.getUTCDate() + 1)) {
      labels.push(t.toISOString().substring(0, 10));
    }
    const marks = o.model_changes.filter(c => labels.includes(c.day))
      .map(c => ({ index: labels.indexOf(c.day), label: '→ ' + c.model_id + (c.status === 'SUCCEEDED' ? '' : ' (' + c.status + ')') }));
    document.getElementById('online-note').textContent = 'Days in ' + o.time_zone + '; a click, add to cart or purchase'
      + ' counts for the latest answer of the recommend endpoint that showed the item to the user at most '
      + o.attribution_window_minutes + ' minutes before.';
    perModel('chart-ctr', o, labels, m => m.ctr, marks);
    perModel('chart-cart', o, labels, m => m.add_to_cart_rate, marks);
    perModel('chart-purchase', o, labels, m => m.purchase_rate, marks);
    perModel('chart-coverage', o, labels, m => m.catalogue_coverage, marks, { max: 1 });
    perModel('chart-impressions', o, labels, m => m.impressions, marks);
    fill('table-online', o.metrics.slice().reverse(), (row, m) => {
      cell(row, m.day); cell(row, m.model_id, 'mono'); cell(row, m.variant); cell(row, m.impressions); cell(row, m.users);
      cell(row, m.clicks); cell(row, num(m.ctr, 4)); cell(row, num(m.add_to_cart_rate, 4)); cell(row, num(m.purchase_rate, 4));
      cell(row, m.distinct_items); cell(row, num(m.catalogue_coverage, 3));
    });
  }

  function render(d) {
    renderService(d.service_health);
    renderHealth(d);
    renderTraining(d);
    renderDrift(d);
    renderModels(d);
    renderOnline(d.online);
    document.getElementById('updated').textContent = 'updated ' + new Date().toISOString().substring(0, 19).replace('T', ' ') + ' UTC';
    document.body.dataset.rendered = 'true';
  }

  function load() {
    fetch('/api/v1/dashboard').then(r => r.json()).then(render).catch(e => {
      document.getElementById('updated').textContent = 'could not load: ' + e;
    });
  }
  window.addEventListener('hashchange', () => showTab(location.hash.substring(1)));
  showTab(location.hash.substring(1));
  load();
  setInterval(load, 60000);
})();
