/* optimizer dashboard: reads /api/v1/stream (Server-Sent Events over fetch, so a token can be sent) and draws
   the snapshots with the bundled uPlot. Talks only to the server that sent the page. */
(function () {
  'use strict';
  var KEEP = 300; // points per chart: five minutes at one snapshot a second
  var PALETTE = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#39c5cf', '#ff7b72', '#a5d6ff',
    '#7ee787', '#e3b341'];
  var charts = {};
  var state = { snapshots: 0, last: null, prev: null };
  window.optimizerDashboard = { charts: charts, state: state };

  function $(id) { return document.getElementById(id); }
  function text(el, value) { el.textContent = value; }
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (content !== undefined) { e.textContent = content; }
    return e;
  }
  function fmt(n, digits) {
    if (n === null || n === undefined || isNaN(n)) { return '-'; }
    return Number(n).toFixed(digits === undefined ? 1 : digits);
  }
  function clock(seconds) {
    var d = new Date(seconds * 1000);
    return [d.getHours(), d.getMinutes(), d.getSeconds()].map(function (n) { return n < 10 ? '0' + n : n; }).join(':');
  }
  function pct(r) { return r === null || r === undefined ? '-' : (r * 100).toFixed(1) + '%'; }
  function bytes(b) {
    if (b === null || b === undefined || b < 0) { return '-'; }
    var units = ['B', 'KB', 'MB', 'GB', 'TB'];
    var i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return b.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
  }

  /* ---- charts ---------------------------------------------------------------------------------------- */

  function Chart(id, title, unit) {
    this.id = id; this.title = title; this.unit = unit;
    this.names = []; this.data = [[]]; this.plot = null;
    charts[id] = this;
  }
  Chart.prototype.push = function (t, values) {
    // values: object name -> number; a new name rebuilds the chart with the history padded with nulls
    var names = Object.keys(values).sort();
    var changed = names.length !== this.names.length || names.some(function (n, i) { return n !== this.names[i]; }, this);
    if (changed) {
      var old = this.names, oldData = this.data;
      this.names = names;
      this.data = [oldData[0].slice()].concat(names.map(function (n) {
        var at = old.indexOf(n);
        return at >= 0 ? oldData[at + 1].slice() : oldData[0].map(function () { return null; });
      }));
    }
    this.data[0].push(t);
    for (var i = 0; i < names.length; i++) { this.data[i + 1].push(values[names[i]]); }
    if (this.data[0].length > KEEP) { this.data = this.data.map(function (s) { return s.slice(-KEEP); }); }
    if (changed || !this.plot) { this.build(); } else { this.plot.setData(this.data); }
    // the legend shows the newest values unless the cursor is over the chart
    if (this.plot && this.plot.cursor.left < 0) { this.plot.setLegend({ idx: this.data[0].length - 1 }); }
  };
  Chart.prototype.lastValues = function () {
    var out = {};
    for (var i = 0; i < this.names.length; i++) { out[this.names[i]] = this.data[i + 1][this.data[i + 1].length - 1]; }
    return out;
  };
  Chart.prototype.build = function () {
    var host = $(this.id);
    if (this.plot) { this.plot.destroy(); }
    host.textContent = '';
    host.appendChild(el('div', 'chart-title', this.title));
    var unit = this.unit;
    var width = Math.max(280, host.clientWidth || 400);
    var series = [{}].concat(this.names.map(function (n, i) {
      return { label: n, stroke: PALETTE[i % PALETTE.length], width: 1.6, spanGaps: true, points: { show: false },
        value: function (u, v) { return v === null || v === undefined ? '-' : unit.format(v); } };
    }));
    this.plot = new uPlot({
      width: width, height: 170, series: series, legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: unit.range } },
      axes: [
        { stroke: '#8a96a3', grid: { stroke: '#222a33' }, ticks: { stroke: '#2a323c' }, space: 70,
          values: function (u, vals) { return vals.map(function (v) { return clock(v); }); } },
        { stroke: '#8a96a3', grid: { stroke: '#222a33' }, ticks: { stroke: '#2a323c' }, size: 72,
          values: function (u, vals) { return vals.map(function (v) { return unit.format(v); }); } }
      ]
    }, this.data, host);
  };
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) {
      var c = charts[k], host = $(c.id);
      if (c.plot) { c.plot.setSize({ width: Math.max(280, host.clientWidth), height: 170 }); }
    });
  });

  var RATIO = { format: function (v) { return (v * 100).toFixed(0) + '%'; }, range: [0, 1] };
  var BYTES = { format: bytes, range: function (u, min, max) { return [0, Math.max(1024 * 1024, max * 1.2)]; } };
  var NUMBER = { format: function (v) { return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1); },
    range: function (u, min, max) { return [0, Math.max(1, max * 1.2)]; } };
  var cpu = new Chart('chart-cpu', 'CPU (system, process)', RATIO);
  var memory = new Chart('chart-memory', 'Memory and heap in use', RATIO);
  var oldGen = new Chart('chart-oldgen', 'Old generation after GC', BYTES);
  var gc = new Chart('chart-gc', 'GC time (share of wall time)', {
    format: function (v) { return (v * 100).toFixed(v < 0.01 ? 2 : 1) + '%'; },
    range: function (u, min, max) { return [0, Math.max(0.01, max * 1.25)]; } });
  var hitRate = new Chart('chart-hit-rate', 'Hit rate', RATIO);
  var batch = new Chart('chart-batch', 'Items per second and queue depth', NUMBER);
  var compression = new Chart('chart-compression', 'Compression ratio (original / compressed)', NUMBER);
  var lazy = new Chart('chart-lazy', 'Per second', NUMBER);

  /* ---- rendering --------------------------------------------------------------------------------------- */

  // Rates over the last few seconds of snapshots: one snapshot's delta of a slowly moving count is mostly 0 or 1.
  var RATE_WINDOW = 5;
  var counts = {};
  function rate(key, t, count) {
    var h = counts[key] || (counts[key] = []);
    h.push([t, count]);
    while (h.length > 2 && t - h[1][0] >= RATE_WINDOW) { h.shift(); }
    var first = h[0], dt = t - first[0];
    return dt <= 0 ? 0 : Math.max(0, count - first[1]) / dt;
  }

  function render(s) {
    state.prev = state.last; state.last = s; state.snapshots++;
    var t = Date.parse(s.at) / 1000;
    text($('level'), s.system.level);
    text($('updated'), new Date(s.at).toLocaleTimeString());
    text($('events-total'), s.tuning_events_total);

    cpu.push(t, { system: s.system.system_cpu_ratio, process: s.system.process_cpu_ratio });
    memory.push(t, { memory: s.system.memory_used_ratio, heap: s.system.heap_used_ratio });
    oldGen.push(t, { 'old gen': s.system.old_gen_after_gc_bytes });
    gc.push(t, { 'GC time': s.system.gc_time_ratio });
    renderCache(s, t);
    renderBatch(s, t);
    renderCompression(s, t);
    renderLazy(s, t);
    renderTuning(s);
  }

  function absent(id, s, module) {
    var artifact = s.absent_modules && s.absent_modules[module];
    if (artifact) {
      var host = $(id);
      host.textContent = '';
      host.appendChild(el('div', 'muted', 'Module absent: add ' + artifact + ' to see this.'));
      return true;
    }
    return false;
  }

  function renderCache(s, t) {
    if (absent('chart-hit-rate', s, 'cache')) { return; }
    var rates = {}, body = $('cache-table').tBodies[0], select = $('cache-select');
    body.textContent = '';
    var names = [];
    s.cache.caches.forEach(function (c) {
      names.push(c.name);
      c.tiers.forEach(function (tier) {
        rates[c.name + ' ' + tier.tier] = tier.hit_rate;
        var tr = el('tr');
        // Refresh-ahead reloads what L1 holds, so the cache's refreshes show on its L1 row.
        var refreshes = tier.tier !== 'L1' ? '-'
          : c.refreshes + (c.refresh_failures ? ' (' + c.refresh_failures + ' failed)' : '');
        [c.name, tier.tier, pct(tier.hit_rate), tier.hits, tier.misses, tier.size_entries < 0 ? '-' : tier.size_entries,
          tier.evictions < 0 ? '-' : tier.evictions, refreshes].forEach(function (v) { tr.appendChild(el('td', null, String(v))); });
        var label = tier.available ? 'up' : 'outage', cls = tier.available ? 'state-ok' : 'state-bad';
        if (tier.tier === 'L2' && c.redis) {
          label = 'circuit ' + c.redis.circuit_state + (c.redis.busy_calls ? ', busy ' + c.redis.busy_calls : '');
          cls = c.redis.circuit_state === 'CLOSED' ? 'state-ok' : c.redis.circuit_state === 'OPEN' ? 'state-bad' : 'state-warn';
        }
        tr.appendChild(el('td', cls, label));
        body.appendChild(tr);
      });
    });
    hitRate.push(t, rates);
    var current = Array.prototype.map.call(select.options, function (o) { return o.value; }).slice(1);
    if (current.join('\n') !== names.join('\n')) {
      var chosen = select.value;
      while (select.options.length > 1) { select.remove(1); }
      names.forEach(function (n) { var o = el('option', null, n); o.value = n; select.appendChild(o); });
      select.value = names.indexOf(chosen) >= 0 ? chosen : '';
    }
    var servers = $('redis-servers');
    servers.textContent = '';
    s.cache.redis_servers.forEach(function (r) {
      var cls = r.circuit_state === 'CLOSED' ? 'state-ok' : r.circuit_state === 'OPEN' ? 'state-bad' : 'state-warn';
      var box = el('span', 'pill ' + (cls === 'state-ok' ? 'pill-ok' : cls === 'state-bad' ? 'pill-bad' : 'pill-wait'),
        'L2 ' + r.server + ': circuit ' + r.circuit_state + ' · busy ' + r.busy_calls + ' · outages ' + r.outages);
      servers.appendChild(box);
    });
  }

  function renderBatch(s, t) {
    if (absent('chart-batch', s, 'batch')) { return; }
    var p = s.batch.processor;
    var done = p.items_succeeded + p.items_failed;
    batch.push(t, { 'items/s': rate('batch items', t, done), 'queue depth': p.queue_depth });
    var kv = $('batch-figures');
    kv.textContent = '';
    [['running', p.jobs.running], ['queued', p.jobs.queued], ['completed', p.jobs.completed],
      ['failed', p.jobs.failed], ['retries', p.retries], ['worker cap', p.worker_cap],
      ['mean batch', fmt(p.mean_batch_size)]].forEach(function (pair) { kvItem(kv, pair[0], pair[1]); });
    s.batch.coalescers.forEach(function (c) {
      kvItem(kv, 'coalescer ' + c.name, c.bulk_calls + ' calls, ' + fmt(c.mean_coalesced_size) + ' keys each');
    });
    var jobs = $('jobs');
    jobs.textContent = '';
    if (p.live_jobs.length === 0) { jobs.appendChild(el('li', 'muted', 'none')); }
    p.live_jobs.forEach(function (j) {
      var li = el('li');
      li.appendChild(el('div', null, '#' + j.id + ' ' + j.name + ' · ' + j.status + ' · ' + j.items_done + '/'
        + j.items_total + (j.items_failed ? ' (' + j.items_failed + ' failed)' : '') + ' · '
        + fmt(j.items_per_second, 0) + ' items/s' + (j.eta_seconds !== null ? ' · ETA ' + fmt(j.eta_seconds, 0) + ' s' : '')));
      var bar = el('div', 'bar'), fill = el('div');
      fill.style.width = (j.progress_ratio * 100).toFixed(1) + '%';
      bar.appendChild(fill); li.appendChild(bar); jobs.appendChild(li);
    });
  }

  function kvItem(host, key, value) {
    var span = el('span', null, key + ' ');
    span.appendChild(el('b', null, String(value)));
    host.appendChild(span);
  }

  function renderCompression(s, t) {
    if (absent('chart-compression', s, 'compression')) { return; }
    var z = s.compression, ratios = {}, body = $('compression-table').tBodies[0];
    body.textContent = '';
    z.algorithms.forEach(function (a) {
      if (a.compress.calls > 0) { ratios[a.algorithm] = a.ratio; }
      var tr = el('tr');
      [a.algorithm, fmt(a.ratio, 2), fmt(a.compress.mb_per_second), fmt(a.decompress.mb_per_second),
        bytes(a.compress.bytes_in)].forEach(function (v) { tr.appendChild(el('td', null, String(v))); });
      body.appendChild(tr);
    });
    compression.push(t, ratios);
    var kv = $('compression-figures');
    kv.textContent = '';
    kvItem(kv, 'level', z.current_level);
    kvItem(kv, 'choice', z.algorithm_choice + ' (' + z.goal + ')');
    kvItem(kv, 'stored uncompressed', z.stored_uncompressed);
    kvItem(kv, 'corrupt frames', z.corrupt_frames);
    if (z.choices && z.choices.length) {
      kvItem(kv, 'per key', z.choices.slice(-5).map(function (c) { return c.key + ': ' + c.algorithm; }).join(', '));
    }
  }

  function renderLazy(s, t) {
    if (absent('chart-lazy', s, 'lazy')) { return; }
    var r = s.lazy.registry;
    var loads = r.loads, stale = r.stale_serves, failures = r.failures;
    s.lazy.methods.forEach(function (m) { loads += m.loads; stale += m.stale_serves; failures += m.failures; });
    lazy.push(t, { 'loads/s': rate('lazy loads', t, loads), 'stale serves/s': rate('lazy stale', t, stale) });
    var kv = $('lazy-figures');
    kv.textContent = '';
    kvItem(kv, 'loads', loads); kvItem(kv, 'failures', failures); kvItem(kv, 'stale serves', stale);
    kvItem(kv, 'preload queue', r.preload_queue_depth); kvItem(kv, 'preloading', r.preloads_running);
    kvItem(kv, 'preload', r.preload_paused ? 'paused' : 'on');
  }

  function renderTuning(s) {
    var list = $('tuning');
    list.textContent = '';
    var events = s.recent_events.slice().reverse();
    if (events.length === 0) { list.appendChild(el('li', 'muted', 'no tuning events yet')); }
    events.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('span', 'when', new Date(e.at).toLocaleTimeString()));
      li.appendChild(el('span', 'change', e.target + '.' + e.setting + ' ' + e.from + ' \u2192 ' + e.to));
      li.appendChild(el('span', 'why', e.reason));
      list.appendChild(li);
    });
  }

  /* ---- stream ------------------------------------------------------------------------------------------ */

  function token() { return $('token').value.trim(); }
  function authHeaders() {
    var h = {};
    if (token()) { h.Authorization = 'Bearer ' + token(); }
    return h;
  }
  function streamState(label, cls) {
    var s = $('stream-state');
    s.className = 'pill ' + cls;
    text(s, label);
  }
  function notice(message, kind) {
    var n = $('notice');
    n.className = 'notice ' + kind;
    text(n, message);
  }

  function connect() {
    streamState('connecting', 'pill-wait');
    fetch('api/v1/stream', { headers: authHeaders(), cache: 'no-store' }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (err) {
          var retry = response.status === 503 ? 5000 : 10000;
          streamState(response.status === 503 ? 'stream full' : 'refused', 'pill-bad');
          notice('Live stream refused (' + response.status + ' ' + err.error + '): ' + err.message
            + (response.status === 401 ? ' Enter the token above.' : '') + ' Retrying in ' + retry / 1000 + ' s.', 'error');
          setTimeout(connect, retry);
        });
      }
      streamState('live', 'pill-ok');
      var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error('stream ended'); }
          buffer += decoder.decode(chunk.value, { stream: true });
          var at;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            var block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            var data = block.split('\n').filter(function (l) { return l.indexOf('data: ') === 0; })
              .map(function (l) { return l.slice(6); }).join('\n');
            if (data) { render(JSON.parse(data)); }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      streamState('reconnecting', 'pill-wait');
      setTimeout(connect, 3000);
    });
  }

  /* ---- actions ----------------------------------------------------------------------------------------- */

  function post(path, body, describe) {
    var headers = authHeaders();
    headers['Content-Type'] = 'application/json';
    return fetch(path, { method: 'POST', headers: headers, body: JSON.stringify(body), cache: 'no-store' })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) {
            notice('Refused (' + response.status + ' ' + json.error + '): ' + json.message, 'error');
          } else {
            notice(describe(json), 'success');
          }
        });
      }).catch(function (e) { notice('Request failed: ' + e.message, 'error'); });
  }

  function start() {
    var saved = sessionStorage.getItem('optimizer-dashboard-token');
    if (saved) { $('token').value = saved; }
    $('token').addEventListener('change', function () {
      sessionStorage.setItem('optimizer-dashboard-token', token());
    });
    $('optimize-now').addEventListener('click', function () {
      post('api/v1/performance/optimize', {}, function (d) {
        return 'Tuning pass ran: ' + (d.events.length === 0 ? 'every setting held.' : d.events.map(function (e) {
          return e.target + '.' + e.setting + ' ' + e.from + ' \u2192 ' + e.to;
        }).join('; '));
      });
    });
    $('clear-cache').addEventListener('click', function () {
      var cache = $('cache-select').value, pattern = $('cache-pattern').value.trim();
      post('api/v1/cache/clear', { cache: cache, pattern: pattern }, function (d) {
        return 'Cleared ' + (d.cleared.length ? d.cleared.join(', ') : 'no cache')
          + (d.pattern ? ' (keys matching ' + d.pattern + ')' : ' (every entry)') + '.';
      });
    });
    connect();
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
