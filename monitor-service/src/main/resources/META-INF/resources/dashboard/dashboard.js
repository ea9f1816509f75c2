// Draws the dashboard from GET /api/v1/dashboard. Each chart's canvas gets data-points (how many
// values it drew) once rendered, so a headless browser can tell an empty chart from a drawn one.
(function () {
  const COLORS = { ALS: '#2563eb', BPR: '#9333ea', baseline: '#9ca3af', rating: '#dc2626', psi: '#ea580c', jaccard: '#0891b2' };
  const charts = {};

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

  function render(d) {
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

    const driftTimes = d.drift.map(r => r.created_at.substring(0, 16).replace('T', ' '));
    draw('chart-drift', { type: 'line', data: { labels: driftTimes, datasets: [
      { label: 'largest rating share change', borderColor: COLORS.rating, data: d.drift.map(r => r.rating_max_difference) },
      { label: 'PSI', borderColor: COLORS.psi, data: d.drift.map(r => r.psi) },
      { label: 'top-K Jaccard', borderColor: COLORS.jaccard, data: d.drift.map(r => r.jaccard) }] } }, d.drift.length);

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
    fill('table-deployments', d.deployments, (row, x) => {
      cell(row, x.id); cell(row, x.started_at.substring(0, 19).replace('T', ' ')); cell(row, x.action);
      cell(row, x.model_id); cell(row, x.previous_model_id); cell(row, x.status, 'status-' + x.status); cell(row, x.message);
    });
    fill('table-runs', d.runs, (row, r) => {
      cell(row, r.started_at.substring(0, 19).replace('T', ' ')); cell(row, r.stage); cell(row, r.trigger);
      cell(row, r.status, 'status-' + r.status);
      cell(row, r.duration_ms == null ? '' : (r.duration_ms / 1000).toFixed(1) + ' s'); cell(row, r.message);
    });
    document.getElementById('updated').textContent = 'updated ' + new Date().toISOString().substring(0, 19).replace('T', ' ') + ' UTC';
    document.body.dataset.rendered = 'true';
  }

  function load() {
    fetch('/api/v1/dashboard').then(r => r.json()).then(render).catch(e => {
      document.getElementById('updated').textContent = 'could not load: ' + e;
    });
  }
  load();
  setInterval(load, 60000);
})();
