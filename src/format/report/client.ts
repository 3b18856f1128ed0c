// The report page's script: reads the embedded model (src/report/model.ts) and draws every section
// from it. Plain ES2020 for any current browser; no network. Text from manifests only ever reaches the
// page through textContent, never as HTML. Lists are paged so 10,000 workloads stay fast.
// (Kept as a string: no template literals inside, so it embeds as is.)
export const REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var PAGE = 50, GROUPS_PER_PAGE = 15, ITEMS_PER_GROUP = 10;
  var VERDICTS = {
    'runs': { word: 'runs', glyph: '\u2713', help: 'simulated pods here run' },
    'fails': { word: 'fails', glyph: '\u2717', help: 'simulated pods here do not run' },
    'would-fail': { word: 'would fail', glyph: '!', help: 'filters let pods in; wrong OS' },
    'may-land': { word: 'may land', glyph: '\u25CB', help: 'filters let pods in; none placed' },
    'blocked': { word: 'blocked', glyph: '\u2013', help: 'filtered out: taint, selector, affinity, cordon' }
  };
  var RELEASES = { '17763': 'Windows Server 2019', '20348': 'Windows Server 2022', '26100': 'Windows Server 2025', '14393': 'Windows Server 2016' };

  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      for (var k in props) {
        var v = props[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') el.textContent = v;
        else if (k === 'class') el.className = v;
        else if (k === 'style') el.setAttribute('style', v);
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : v);
      }
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (Array.isArray(child)) { for (var i = 0; i < child.length; i++) append(el, child[i]); }
    else if (child !== undefined && child !== null && child !== false) el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    for (var a = 2; a < arguments.length; a++) append(el, arguments[a]);
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function fmtInt(n) { return Number(n).toLocaleString('en-US'); }
  function plural(n, word, many) { return fmtInt(n) + ' ' + (n === 1 ? word : (many || word + 's')); }
  function fmtCpu(m) { return (Math.round(m / 10) / 100) + ' CPU'; }
  function fmtBytes(b) {
    if (b >= 1073741824) return (Math.round(b / 107374182.4) / 10) + ' GiB';
    if (b >= 1048576) return Math.round(b / 1048576) + ' MiB';
    return Math.round(b / 1024) + ' KiB';
  }
  function fmtDuration(s) {
    if (s < 60) return Math.round(s) + ' s';
    var m = Math.floor(s / 60), r = Math.round(s % 60);
    if (m < 60) return m + ' min' + (r ? ' ' + r + ' s' : '');
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  function fmtDay(d) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
    return p ? Number(p[3]) + ' ' + MONTHS[Number(p[2]) - 1] + ' ' + p[1] : String(d);
  }
  // A node of a cluster profile or a live object has no line (line 0): name the object and its origin,
  // as check's text output does.
  function whereIs(f) {
    if (f.line > 0) return f.file + ':' + f.line + ':' + f.column;
    return f.object.kind.toLowerCase() + '/' + f.object.name + (f.object.namespace ? ' -n ' + f.object.namespace : '') + ' (' + (f.file || 'live') + ')';
  }
  function objectName(o) { return o.kind + ' ' + (o.namespace ? o.namespace + '/' : '') + o.name; }
  function workloadKey(kind, ns, name) { return kind + '/' + (ns || 'default') + '/' + name; }
  function buildOf(pool) { return pool.windowsBuild ? String(pool.windowsBuild).split('.').pop() : ''; }
  function colourClass(pool) {
    if (pool.os !== 'windows') return 'c-linux';
    var b = buildOf(pool);
    return RELEASES[b] && b !== '14393' ? 'c-' + b : 'c-other';
  }
  function releaseOf(pool) {
    if (pool.os !== 'windows') return 'Linux' + (pool.architecture ? ' \u00b7 ' + pool.architecture : '');
    var b = buildOf(pool);
    return (RELEASES[b] || 'Windows') + (pool.windowsBuild ? ' \u00b7 ' + pool.windowsBuild : '');
  }
  function verdictBadge(v) {
    var d = VERDICTS[v];
    return h('span', { class: 'v v-' + v }, h('span', { 'aria-hidden': 'true' }, d.glyph), d.word);
  }
  function sevBadge(s) { return h('span', { class: 'sev sev-' + s }, s); }
  function options(select, values, label) {
    append(select, h('option', { value: '' }, label));
    values.forEach(function (v) { append(select, h('option', { value: v[0] }, v[1])); });
  }
  function uniq(list) { var seen = {}; return list.filter(function (x) { if (seen[x]) return false; seen[x] = true; return true; }); }

  /** Pages of a filtered list: calls draw(pageItems) and keeps the pager and the count in step. */
  function Pager(container, countEl, noun, size, draw) {
    var self = this;
    this.items = []; this.page = 0; this.total = 0;
    this.prev = h('button', { type: 'button', 'aria-label': 'Previous page of ' + noun, onclick: function () { self.go(self.page - 1); } }, '\u2190 Previous');
    this.next = h('button', { type: 'button', 'aria-label': 'Next page of ' + noun, onclick: function () { self.go(self.page + 1); } }, 'Next \u2192');
    this.label = h('span', { 'aria-live': 'polite' });
    append(container, h('div', { class: 'pager' }, this.prev, this.label, this.next));
    this.set = function (items, total) { self.items = items; self.total = total; self.go(0); };
    this.go = function (p) {
      var pages = Math.max(1, Math.ceil(self.items.length / size));
      self.page = Math.max(0, Math.min(p, pages - 1));
      var from = self.page * size, slice = self.items.slice(from, from + size);
      self.prev.disabled = self.page === 0;
      self.next.disabled = self.page >= pages - 1;
      self.label.textContent = 'Page ' + (self.page + 1) + ' of ' + pages;
      countEl.textContent = self.items.length === 0 ? 'No ' + noun + ' match the filters (of ' + fmtInt(self.total) + ').'
        : 'Showing ' + fmtInt(from + 1) + '\u2013' + fmtInt(from + slice.length) + ' of ' + fmtInt(self.items.length) + ' ' + noun +
          (self.items.length !== self.total ? ' (filtered from ' + fmtInt(self.total) + ')' : '') + '.';
      countEl.setAttribute('data-shown', String(self.items.length));
      countEl.setAttribute('data-total', String(self.total));
      draw(slice);
    };
  }

  function section(id, title, lead) {
    var s = h('section', { id: id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h' }, title));
    if (lead) append(s, h('p', { class: 'lead' }, lead));
    return s;
  }

  // --- summary ------------------------------------------------------------------------------------
  function summary(m) {
    var s = m.summary, f = s.findings;
    var title = s.verdict === 'ok' ? 'Ready: every simulated pod runs and check found nothing'
      : s.verdict === 'attention' ? 'Runs, with ' + plural(f.warnings, 'warning') + ' to review'
      : (s.podsRunning < s.pods ? 'Not ready: ' + fmtInt(s.pods - s.podsRunning) + ' of ' + fmtInt(s.pods) + ' simulated pods would not run' : 'Not ready: ' + plural(f.errors, 'error') + ' to fix');
    var points = [];
    points.push(fmtInt(s.workloadsFullyRunning) + ' of ' + plural(s.workloads, 'workload') + ' run every pod; ' + fmtInt(s.podsRunning) + ' of ' + plural(s.pods, 'pod') + ' Running on ' + plural(s.nodes, 'node') + ' in ' + plural(s.pools, 'pool') + '.');
    points.push('check: ' + plural(f.errors, 'error') + ', ' + plural(f.warnings, 'warning') + ', ' + plural(f.infos, 'info', 'infos') + ' from ' + plural(Object.keys(m.rules).length, 'rule') + '.');
    if (s.nextRetirement) {
      var r = s.nextRetirement;
      points.push(r.daysLeft < 0 ? 'Pool ' + r.pool + ' runs ' + r.release + ', whose support ended on ' + fmtDay(r.endDate) + ' (' + plural(-r.daysLeft, 'day') + ' ago).'
        : 'Pool ' + r.pool + ' runs ' + r.release + ': support ends on ' + fmtDay(r.endDate) + ', in ' + plural(r.daysLeft, 'day') + '.');
    }
    if (s.plan) {
      if (s.plan.error) points.push('Upgrade plan: ' + s.plan.error);
      else points.push('Upgrade to ' + s.plan.target + ': ' + plural(s.plan.steps, 'step') + ', ' + (s.plan.ok ? 'no step stops pods that run today' : 'a step stops pods that run today') + (s.plan.blocking ? '; ' + plural(s.plan.blocking, 'blocking problem') : '') + '.');
    }
    if (s.inputErrors > 0) points.push(plural(s.inputErrors, 'input problem') + ': this report covers only what could be read.');
    var top = topRules(m, 3);
    var box = h('section', { id: 'summary', class: 'verdict ' + s.verdict, 'aria-labelledby': 'summary-h' },
      h('h2', { id: 'summary-h' }, title),
      h('ul', null, points.map(function (p) { return h('li', null, p); })));
    if (top.length) {
      append(box, h('p', { style: 'margin:8px 0 0' }, h('strong', null, 'Fix first: '),
        top.map(function (t, i) { return [i ? '; ' : '', h('a', { href: '#findings', 'data-rule': t.id, onclick: function () { focusRule(t.id); } }, t.id), ' (' + t.label + ')']; })));
    }
    var tiles = h('div', { class: 'tiles' },
      tile('summary-workloads', fmtInt(s.workloadsFullyRunning) + ' / ' + fmtInt(s.workloads), 'workloads fully running', s.workloads - s.workloadsFullyRunning ? fmtInt(s.workloads - s.workloadsFullyRunning) + ' not' : 'all'),
      tile('summary-pods', fmtInt(s.podsRunning) + ' / ' + fmtInt(s.pods), 'pods Running (simulated)', ''),
      tile('summary-errors', fmtInt(f.errors), 'errors', fmtInt(f.warnings) + ' warnings, ' + fmtInt(f.infos) + ' infos'),
      tile('summary-pools', fmtInt(s.pools), 'pools', plural(s.nodes, 'node')));
    return [box, tiles];
  }
  function tile(id, num, label, sub) {
    return h('div', { class: 'tile', id: id }, h('div', { class: 'num' }, num), h('div', { class: 'label' }, label), sub ? h('div', { class: 'sub' }, sub) : null);
  }
  function topRules(m, n) {
    var by = {};
    m.check.findings.forEach(function (f) {
      var e = by[f.ruleId] || (by[f.ruleId] = { id: f.ruleId, errors: 0, total: 0 });
      e.total++; if (f.severity === 'error') e.errors++;
    });
    return Object.keys(by).map(function (k) { return by[k]; })
      .sort(function (a, b) { return b.errors - a.errors || b.total - a.total; })
      .slice(0, n).map(function (e) { return { id: e.id, label: e.errors ? plural(e.errors, 'error') : plural(e.total, 'warning') }; });
  }

  // --- cluster map ----------------------------------------------------------------------------------
  function bar(label, used, total, fmt, bare) {
    var ratio = total > 0 ? used / total : 0, w = Math.min(1, ratio) * 100;
    var text = fmt(used) + ' / ' + fmt(total) + (total > 0 ? ' (' + Math.round(ratio * 100) + '%)' : '');
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 100 10'); svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', label + ' requested ' + text);
    var track = document.createElementNS(svg.namespaceURI, 'rect');
    track.setAttribute('x', '0.5'); track.setAttribute('y', '0.5'); track.setAttribute('width', '99'); track.setAttribute('height', '9'); track.setAttribute('rx', '2'); track.setAttribute('class', 'track'); track.setAttribute('vector-effect', 'non-scaling-stroke');
    var fill = document.createElementNS(svg.namespaceURI, 'rect');
    fill.setAttribute('x', '0.5'); fill.setAttribute('y', '0.5'); fill.setAttribute('width', String(Math.max(0, w - 1))); fill.setAttribute('height', '9'); fill.setAttribute('rx', '2');
    fill.setAttribute('class', 'fill' + (ratio > 0.9 ? ' over' : ''));
    svg.appendChild(track); svg.appendChild(fill);
    return h('div', { class: bare ? 'bar bare' : 'bar' }, bare ? null : h('span', null, label), h('span', { class: 'mono' }, text), svg);
  }
  function clusterMap(m) {
    var s = section('cluster', 'Cluster map', 'Cluster ' + m.cluster.name + ' (' + m.cluster.source + '). Each block is a pool, sized by its node count and coloured by OS and Windows build; bars are simulated requests against allocatable.');
    if (!m.cluster.pools.length) { append(s, h('p', { class: 'empty' }, 'The cluster could not be read.')); return s; }
    var wrap = h('div', { class: 'pools' });
    var max = Math.max.apply(null, m.cluster.pools.map(function (p) { return p.nodes; }));
    m.cluster.pools.forEach(function (p) {
      var dots = h('div', { class: 'nodes', 'aria-label': plural(p.nodes, 'node') + (p.cordoned ? ', ' + p.cordoned + ' cordoned' : '') });
      var shown = Math.min(p.nodes, 60);
      for (var i = 0; i < shown; i++) append(dots, h('span', { class: 'node' + (i < p.cordoned ? ' cordoned' : '') }));
      if (p.nodes > shown) append(dots, h('span', { class: 'more' }, '+' + fmtInt(p.nodes - shown)));
      var life = null;
      if (p.lifecycle) {
        var L = p.lifecycle;
        var sev = L.status === 'retired' ? 'error' : L.status === 'retiring' ? 'warning' : 'info';
        life = h('div', { class: 'life' }, h('span', { class: 'sev sev-' + sev }, L.status), ' ',
          L.endDate ? (L.daysLeft < 0 ? 'support ended ' + fmtDay(L.endDate) : 'support ends ' + fmtDay(L.endDate) + ' (' + plural(L.daysLeft, 'day') + ')') : 'no end date known');
      }
      var grow = Math.max(1, Math.round(4 * p.nodes / Math.max(1, max)));
      append(wrap, h('div', { class: 'pool ' + colourClass(p), style: 'flex:' + grow + ' 1 ' + (160 + 20 * grow) + 'px', 'data-pool': p.name },
        h('h3', null, p.name),
        h('div', { class: 'os' }, releaseOf(p)),
        dots,
        h('div', { class: 'small' }, plural(p.nodes, 'node') + (p.cordoned ? ' (' + p.cordoned + ' cordoned)' : '')),
        p.taints.length ? h('div', null, p.taints.map(function (t) { return h('span', { class: 'chip', title: 'taint' }, t); })) : h('div', { class: 'small' }, 'no taints'),
        bar('CPU', p.requested.cpu, p.allocatable.cpu, fmtCpu),
        bar('Memory', p.requested.memory, p.allocatable.memory, fmtBytes),
        bar('Pods', p.requested.pods, p.allocatable.pods, fmtInt),
        life));
    });
    append(s, wrap);
    var seen = {};
    var legend = h('div', { class: 'legend', 'aria-label': 'Colour legend' });
    m.cluster.pools.forEach(function (p) {
      var c = colourClass(p); if (seen[c]) return; seen[c] = true;
      append(legend, h('span', { class: c }, h('span', { class: 'sw' }), p.os === 'windows' ? (RELEASES[buildOf(p)] || 'Windows (other build)') : 'Linux'));
    });
    append(legend, h('span', null, 'striped node: cordoned'));
    append(s, legend);
    return s;
  }

  // --- placement matrix -----------------------------------------------------------------------------
  function matrix(m) {
    var s = section('placement', 'Placement matrix', 'Every workload against every pool: where its pods run or fail in the simulation, where kube-scheduler\u2019s node filters would let them land, and where they are blocked, with the reason.');
    var pools = m.cluster.pools;
    var ws = m.workloads;
    var q = h('input', { type: 'search', id: 'matrix-search', placeholder: 'name, namespace, kind', 'aria-controls': 'matrix-table' });
    var ns = h('select', { id: 'matrix-namespace' }); options(ns, uniq(ws.map(function (w) { return w.namespace; })).sort().map(function (n) { return [n, n]; }), 'all namespaces');
    var os = h('select', { id: 'matrix-os' }); options(os, [['linux', 'Linux'], ['windows', 'Windows']], 'any OS');
    var verdict = h('select', { id: 'matrix-verdict' }); options(verdict, Object.keys(VERDICTS).map(function (v) { return [v, 'a pool where it ' + VERDICTS[v].word]; }), 'any verdict');
    var poolSel = h('select', { id: 'matrix-pool' }); options(poolSel, pools.map(function (p, i) { return [String(i), p.name]; }), 'in any pool');
    append(s, h('div', { class: 'controls', role: 'search', 'aria-label': 'Filter the placement matrix' },
      h('label', null, 'Search', q), h('label', null, 'Namespace', ns), h('label', null, 'Needs OS', os), h('label', null, 'Has', verdict), h('label', null, 'Pool', poolSel)));
    var count = h('p', { class: 'count', id: 'matrix-count', 'aria-live': 'polite' });
    append(s, count);
    var legend = h('div', { class: 'legend' }, Object.keys(VERDICTS).map(function (v) { return h('span', null, verdictBadge(v), ' ' + VERDICTS[v].help); }));
    append(s, legend);
    var tbody = h('tbody');
    var head = h('tr', null, h('th', { scope: 'col' }, 'Workload'), h('th', { scope: 'col' }, 'Needs'), h('th', { scope: 'col' }, 'Pods Running'),
      pools.map(function (p) { return h('th', { scope: 'col', class: 'poolhead ' + colourClass(p) }, p.name, h('div', { class: 'small' }, releaseOf(p))); }));
    append(s, h('div', { class: 'tablewrap' }, h('table', { id: 'matrix-table' }, h('caption', { class: 'small', style: 'text-align:left;padding:6px 10px' }, 'Workloads \u00d7 pools'), h('thead', null, head), tbody)));
    var pager = new Pager(s, count, 'workloads', PAGE, function (rows) {
      clear(tbody);
      rows.forEach(function (w) {
        var id = 'why-' + Math.random().toString(36).slice(2);
        var detail = h('tr', { class: 'detail', id: id, hidden: true }, h('td', { colspan: String(pools.length + 3) },
          h('ul', null, pools.map(function (p, i) { var c = w.cells[i]; return h('li', null, h('strong', null, p.name + ': '), verdictBadge(c.verdict), ' ', c.reason, c.pods ? ' ' + podCounts(c.pods) : ''); })),
          w.notRunning ? h('p', { class: 'small' }, 'First pod not running: ' + w.notRunning.status + (w.notRunning.message ? ' \u2014 ' + w.notRunning.message : '')) : null));
        var toggle = h('button', { type: 'button', class: 'why-toggle', 'aria-expanded': 'false', 'aria-controls': id, 'aria-label': 'Reasons for ' + w.kind + ' ' + w.namespace + '/' + w.name,
          onclick: function () { var open = toggle.getAttribute('aria-expanded') === 'true'; toggle.setAttribute('aria-expanded', String(!open)); detail.hidden = open; toggle.textContent = open ? 'Why' : 'Hide'; } }, 'Why');
        append(tbody, h('tr', { 'data-workload': workloadKey(w.kind, w.namespace, w.name) },
          h('td', { class: 'wl' }, h('div', { class: 'name' }, w.namespace + '/' + w.name), h('div', { class: 'small' }, w.kind + ' \u00b7 ' + w.file + ':' + w.line), toggle),
          h('td', null, w.os + (w.osDecided ? '' : ' (assumed)')),
          h('td', { class: 'mono' }, w.running + '/' + w.pods),
          w.cells.map(function (c) { return h('td', { class: 'cell', title: c.reason }, verdictBadge(c.verdict), h('span', { class: 'why' }, c.reason)); })));
        append(tbody, detail);
      });
    });
    function apply() {
      var text = q.value.trim().toLowerCase(), n = ns.value, o = os.value, v = verdict.value, pi = poolSel.value === '' ? -1 : Number(poolSel.value);
      var rows = ws.filter(function (w) {
        if (n && w.namespace !== n) return false;
        if (o && w.os !== o) return false;
        if (v || pi >= 0) {
          var hit = false;
          for (var i = 0; i < w.cells.length; i++) if ((pi < 0 || i === pi) && (!v || w.cells[i].verdict === v)) { hit = true; break; }
          if (!hit) return false;
        }
        if (text && (w.kind + ' ' + w.namespace + '/' + w.name + ' ' + w.file).toLowerCase().indexOf(text) < 0) return false;
        return true;
      });
      pager.set(rows, ws.length);
    }
    [ns, os, verdict, poolSel].forEach(function (el) { el.addEventListener('change', apply); });
    q.addEventListener('input', apply);
    apply();
    append(s, h('p', { class: 'print-note' }, 'Printed: the page of the list shown on screen.'));
    return s;
  }
  function podCounts(c) { return '(' + Object.keys(c).map(function (k) { return c[k] + ' ' + k; }).join(', ') + ')'; }

  // --- findings -------------------------------------------------------------------------------------
  var focusRule = function () {};
  function findings(m) {
    var s = section('findings', 'Findings', 'What check reports, grouped by rule or by workload: each with the line it points at, its severity, what to do, and the rule\u2019s page.');
    var all = m.check.findings;
    var by = h('select', { id: 'findings-group' }); append(by, h('option', { value: 'rule' }, 'rule'), h('option', { value: 'workload' }, 'workload'));
    var sev = h('select', { id: 'findings-severity' }); options(sev, [['error', 'errors'], ['warning', 'warnings'], ['info', 'infos']], 'all severities');
    var rule = h('select', { id: 'findings-rule' }); options(rule, uniq(all.map(function (f) { return f.ruleId; })).sort().map(function (r) { return [r, r]; }), 'all rules');
    var q = h('input', { type: 'search', id: 'findings-search', placeholder: 'message, object, file' });
    append(s, h('div', { class: 'controls', role: 'search', 'aria-label': 'Filter the findings' }, h('label', null, 'Group by', by), h('label', null, 'Severity', sev), h('label', null, 'Rule', rule), h('label', null, 'Search', q)));
    var count = h('p', { class: 'count', id: 'findings-count', 'aria-live': 'polite' });
    append(s, count);
    var list = h('div', { id: 'findings-list' });
    var pager = new Pager(s, count, 'groups', GROUPS_PER_PAGE, function (groups) {
      clear(list);
      groups.forEach(function (g) { append(list, group(m, g, by.value)); });
    });
    append(s, list);
    function apply() {
      var text = q.value.trim().toLowerCase();
      var keep = all.filter(function (f) {
        if (sev.value && f.severity !== sev.value) return false;
        if (rule.value && f.ruleId !== rule.value) return false;
        if (text && (f.message + ' ' + objectName(f.object) + ' ' + f.file).toLowerCase().indexOf(text) < 0) return false;
        return true;
      });
      var groups = {}, order = [];
      keep.forEach(function (f) {
        var key = by.value === 'rule' ? f.ruleId : objectName(f.object);
        if (!groups[key]) { groups[key] = { key: key, items: [], errors: 0 }; order.push(key); }
        groups[key].items.push(f); if (f.severity === 'error') groups[key].errors++;
      });
      var list2 = order.map(function (k) { return groups[k]; }).sort(function (a, b) { return b.errors - a.errors || b.items.length - a.items.length; });
      count.setAttribute('data-findings', String(keep.length));
      pager.set(list2, by.value === 'rule' ? uniq(all.map(function (f) { return f.ruleId; })).length : uniq(all.map(function (f) { return objectName(f.object); })).length);
      if (all.length) count.textContent += ' ' + fmtInt(keep.length) + ' of ' + plural(all.length, 'finding') + '.';
    }
    [by, sev, rule].forEach(function (el) { el.addEventListener('change', apply); });
    q.addEventListener('input', apply);
    focusRule = function (id) { by.value = 'rule'; rule.value = id; apply(); };
    if (!all.length) append(s, h('p', { class: 'empty' }, 'check found nothing.'));
    apply();
    return s;
  }
  function group(m, g, mode) {
    var head = h('h3', null);
    if (mode === 'rule') {
      var r = m.rules[g.key] || {};
      append(head, h('span', { class: 'mono' }, g.key), h('span', { class: 'small' }, plural(g.items.length, 'finding') + (g.errors ? ', ' + plural(g.errors, 'error') : '')),
        r.description ? h('span', { class: 'desc' }, r.description) : null,
        r.docs ? h('a', { href: r.docs, class: 'small' }, 'rule docs') : null,
        r.fixable ? h('span', { class: 'chip', title: 'kube-hybrid check --fix changes this' }, 'fixable: check --fix') : null);
    } else {
      append(head, h('span', null, g.key), h('span', { class: 'small' }, plural(g.items.length, 'finding') + (g.errors ? ', ' + plural(g.errors, 'error') : '')));
    }
    var box = h('div', { class: 'group', 'data-group': g.key }, head);
    var body = h('div');
    append(box, body);
    var shown = 0;
    function more() {
      var next = g.items.slice(shown, shown + ITEMS_PER_GROUP);
      next.forEach(function (f) { append(body, finding(m, f, mode)); });
      shown += next.length;
      if (moreBtn) { if (shown >= g.items.length) moreBtn.remove(); else moreBtn.textContent = 'Show ' + Math.min(ITEMS_PER_GROUP, g.items.length - shown) + ' more of ' + (g.items.length - shown); }
    }
    var moreBtn = null;
    more();
    if (shown < g.items.length) {
      moreBtn = h('button', { type: 'button', style: 'margin:8px 12px', onclick: function () { more(); } });
      moreBtn.textContent = 'Show ' + Math.min(ITEMS_PER_GROUP, g.items.length - shown) + ' more of ' + (g.items.length - shown);
      append(box, moreBtn);
    }
    return box;
  }
  function finding(m, f, mode) {
    var r = m.rules[f.ruleId] || {};
    var lines = m.frames[f.file] || {};
    var frame = null, nums = [];
    for (var n = f.line - 2; n <= f.line; n++) if (lines[n] !== undefined) nums.push(n);
    if (nums.length) {
      var width = String(f.line).length;
      frame = h('pre', { class: 'frame', 'aria-label': 'source at ' + f.file + ':' + f.line },
        nums.map(function (n) {
          var t = (n === f.line ? '> ' : '  ') + String(n).padStart(width) + ' | ' + lines[n];
          return n === f.line ? [h('span', { class: 'hit' }, t), '\n  ' + ' '.repeat(width) + ' | ' + ' '.repeat(Math.max(0, f.column - 1)) + '^'] : t + '\n';
        }));
    }
    return h('div', { class: 'finding', 'data-severity': f.severity },
      h('div', null, sevBadge(f.severity), ' ', h('span', { class: 'mono small' }, whereIs(f)), ' ',
        mode === 'rule' ? h('span', { class: 'small' }, objectName(f.object)) : h('a', { href: r.docs || '#', class: 'small mono' }, f.ruleId)),
      h('p', { class: 'msg' }, f.message),
      h('div', { class: 'small mono' }, f.path),
      frame);
  }

  // --- simulation -----------------------------------------------------------------------------------
  function simulation(m) {
    var s = section('simulation', 'Simulation', 'Every workload\u2019s pods placed as kube-scheduler would, then admitted, pulled and started as the kubelet and containerd would: the status kubectl get pods would show, and the time until Ready.');
    if (!m.simulate) { append(s, h('p', { class: 'empty' }, 'Nothing was simulated: the cluster could not be read.')); return s; }
    var rows = h('tbody');
    m.cluster.pools.forEach(function (p) {
      append(rows, h('tr', null, h('th', { scope: 'row', class: colourClass(p) }, p.name), h('td', null, releaseOf(p)), h('td', { class: 'mono' }, String(p.nodes)),
        h('td', null, bar('CPU', p.requested.cpu, p.allocatable.cpu, fmtCpu, true)), h('td', null, bar('Memory', p.requested.memory, p.allocatable.memory, fmtBytes, true)), h('td', null, bar('Pods', p.requested.pods, p.allocatable.pods, fmtInt, true))));
    });
    append(s, h('h3', null, 'Per pool: requested against allocatable'));
    append(s, h('div', { class: 'tablewrap' }, h('table', { id: 'pools-table' }, h('thead', null, h('tr', null, ['Pool', 'OS', 'Nodes', 'CPU', 'Memory', 'Pods'].map(function (c) { return h('th', { scope: 'col' }, c); }))), rows)));
    append(s, h('h3', null, 'Per workload'));
    var ws = m.workloads;
    var only = h('input', { type: 'checkbox', id: 'sim-not-running' });
    var anyBad = ws.some(function (w) { return w.running < w.pods; });
    only.checked = anyBad;
    var q = h('input', { type: 'search', id: 'sim-search', placeholder: 'name, namespace, status' });
    var sort = h('select', { id: 'sim-sort' }); append(sort, h('option', { value: 'problems' }, 'not running first'), h('option', { value: 'ready' }, 'slowest to ready first'), h('option', { value: 'name' }, 'name'));
    append(s, h('div', { class: 'controls', role: 'search', 'aria-label': 'Filter the simulated workloads' }, h('label', { class: 'inline' }, only, 'only workloads not fully running'), h('label', null, 'Search', q), h('label', null, 'Sort', sort)));
    var count = h('p', { class: 'count', id: 'sim-count', 'aria-live': 'polite' });
    append(s, count);
    var tbody = h('tbody');
    append(s, h('div', { class: 'tablewrap' }, h('table', { id: 'sim-table' }, h('thead', null, h('tr', null, ['Workload', 'Pods', 'Running', 'Other statuses', 'Ready after', 'Why not running'].map(function (c) { return h('th', { scope: 'col' }, c); }))), tbody)));
    var pager = new Pager(s, count, 'workloads', PAGE, function (page) {
      clear(tbody);
      page.forEach(function (w) {
        var other = Object.keys(w.statuses).filter(function (k) { return k !== 'Running'; }).map(function (k) { return w.statuses[k] + ' ' + k; }).join(', ');
        append(tbody, h('tr', { 'data-workload': workloadKey(w.kind, w.namespace, w.name) },
          h('td', { class: 'wl' }, h('div', { class: 'name' }, w.namespace + '/' + w.name), h('div', { class: 'small' }, w.kind)),
          h('td', { class: 'mono' }, String(w.pods)), h('td', { class: 'mono' }, String(w.running)),
          h('td', null, other ? h('span', { class: 'sev sev-error' }, other) : '\u2014'),
          h('td', { class: 'mono' }, w.readyAfterSeconds !== undefined ? fmtDuration(w.readyAfterSeconds) + (w.pullBytes ? ' (' + fmtBytes(w.pullBytes) + ' pull)' : '') : '\u2014'),
          h('td', { class: 'small' }, w.notRunning ? w.notRunning.status + (w.notRunning.message ? ': ' + w.notRunning.message : '') : '')));
      });
    });
    function apply() {
      var text = q.value.trim().toLowerCase();
      var list = ws.filter(function (w) {
        if (only.checked && w.running >= w.pods) return false;
        if (text && (w.kind + ' ' + w.namespace + '/' + w.name + ' ' + Object.keys(w.statuses).join(' ')).toLowerCase().indexOf(text) < 0) return false;
        return true;
      });
      if (sort.value === 'problems') list.sort(function (a, b) { return (b.pods - b.running) - (a.pods - a.running); });
      else if (sort.value === 'ready') list.sort(function (a, b) { return (b.readyAfterSeconds || 0) - (a.readyAfterSeconds || 0); });
      else list.sort(function (a, b) { return (a.namespace + '/' + a.name).localeCompare(b.namespace + '/' + b.name); });
      pager.set(list, ws.length);
    }
    [only, sort].forEach(function (el) { el.addEventListener('change', apply); });
    q.addEventListener('input', apply);
    apply();
    return s;
  }

  // --- lifecycle and plan ---------------------------------------------------------------------------
  function lifecycle(m) {
    var s = section('lifecycle', 'Windows lifecycle', 'The Windows pools against their platform\u2019s published dates (plan lifecycle), on ' + fmtDay(m.today) + '.');
    var pools = m.lifecycle && m.lifecycle.pools || [];
    if (!pools.length) { append(s, h('p', { class: 'empty' }, 'No Windows pool with a known build.')); return s; }
    var body = h('tbody');
    pools.forEach(function (p) {
      var src = (p.facts || []).filter(function (f) { return f.date === p.endDate && f.source && f.source.url; })[0];
      append(body, h('tr', null, h('th', { scope: 'row' }, p.pool), h('td', null, p.release), h('td', null, h('span', { class: 'sev sev-' + (p.status === 'retired' ? 'error' : p.status === 'retiring' ? 'warning' : 'info') }, p.status)),
        h('td', null, p.endDate ? fmtDay(p.endDate) : '\u2014'), h('td', { class: 'mono' }, p.daysLeft === null ? '\u2014' : String(p.daysLeft)),
        h('td', null, p.kubernetesVersion ? p.kubernetesVersion + (p.kubernetesVersionSupported ? '' : ' (unsupported)') : '\u2014'),
        h('td', null, src ? h('a', { href: src.source.url }, 'source (read ' + src.source.read + ')') : '\u2014')));
    });
    append(s, h('div', { class: 'tablewrap' }, h('table', { id: 'lifecycle-table' }, h('thead', null, h('tr', null, ['Pool', 'Release', 'Status', 'Support ends', 'Days left', 'Kubernetes', 'Source'].map(function (c) { return h('th', { scope: 'col' }, c); }))), body)));
    return s;
  }
  function plan(m) {
    var s = section('plan', 'Upgrade plan', null);
    var p = m.plan;
    if (p.error) { append(s, h('p', null, 'No plan: ' + p.error)); return s; }
    append(s, h('p', { class: 'lead' }, 'From ' + p.source.release + ' (' + p.source.pools.join(', ') + ') to ' + p.target.release + ' on a new pool ' + p.target.pool.name + '. Every step was simulated; an estimate, not a dry run against the cluster.'));
    append(s, h('h3', null, 'Blocking problems'));
    append(s, p.blocking.length ? h('ul', null, p.blocking.map(function (b) { return h('li', null, b); })) : h('p', { class: 'empty' }, 'None found.'));
    append(s, h('h3', null, 'Steps'));
    append(s, h('ol', { class: 'steps', id: 'plan-steps' }, p.steps.map(function (st, i) {
      return h('li', { class: st.ok ? 'ok' : 'problem' },
        h('h3', null, i + '. ' + st.title + ' ', h('span', { class: 'sev ' + (st.ok ? 'sev-ok' : 'sev-error') }, st.ok ? 'OK' : 'problem')),
        h('div', { class: 'small mono' }, st.action),
        h('div', null, 'Simulated: ' + st.pods.running + '/' + st.pods.total + ' pods Running' + (st.readyAfterSeconds !== undefined ? '; Ready after ' + fmtDuration(st.readyAfterSeconds) : '')),
        st.problems.length || st.notes.length ? h('ul', null, st.problems.map(function (x) { return h('li', null, h('strong', null, 'Problem: '), x); }), st.notes.map(function (x) { return h('li', null, x); })) : null);
    })));
    append(s, h('h3', null, 'Rollback'));
    append(s, h('ul', null, p.rollback.map(function (r) { return h('li', null, r); })));
    return s;
  }
  function problems(m) {
    var list = m.check.problems || [];
    if (!list.length) return null;
    var s = section('problems', 'Input problems', 'Parts of the input that could not be read; the rest was analysed.');
    append(s, h('ul', null, list.map(function (p) { return h('li', null, h('span', { class: 'mono' }, p.file + (p.line ? ':' + p.line + ':' + (p.column || 1) : '')), ' ', sevBadge(p.severity === 'error' ? 'error' : 'info'), ' ', p.message); })));
    return s;
  }

  function render(m) {
    var root = document.getElementById('report');
    clear(root);
    var nav = [['#summary', 'Summary'], ['#cluster', 'Cluster'], ['#placement', 'Placement'], ['#findings', 'Findings'], ['#simulation', 'Simulation'], ['#lifecycle', 'Lifecycle']];
    if (m.plan) nav.push(['#plan', 'Upgrade plan']);
    if ((m.check.problems || []).length) nav.push(['#problems', 'Input problems']);
    var tocEl = document.getElementById('toc');
    clear(tocEl);
    nav.forEach(function (n) { append(tocEl, h('a', { href: n[0] }, n[1])); });
    document.getElementById('subtitle').textContent = 'Cluster ' + m.cluster.name + ' \u00b7 ' + plural(m.check.summary.objects, 'object') + ' from ' + plural(m.check.summary.files, 'file') + ' \u00b7 dates compared with ' + fmtDay(m.today) + ' \u00b7 generated ' + m.generatedOn.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    append(root, summary(m));
    append(root, clusterMap(m));
    append(root, matrix(m));
    append(root, findings(m));
    append(root, simulation(m));
    append(root, lifecycle(m));
    if (m.plan) append(root, plan(m));
    append(root, problems(m));
  }

  function load() {
    var el = document.getElementById('report-data');
    var text = el.textContent || '';
    if (el.getAttribute('data-encoding') !== 'gzip+base64') return Promise.resolve(JSON.parse(text));
    var bin = atob(text.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  load().then(function (m) {
    window.kubeHybridReport = m;
    render(m);
    document.documentElement.setAttribute('data-report-ready', 'true');
    if (location.hash) { var target = document.querySelector(location.hash); if (target) target.scrollIntoView(); }
  }).catch(function (e) {
    var root = document.getElementById('report');
    clear(root);
    append(root, h('p', { role: 'alert' }, 'This report could not be drawn: ' + (e && e.message ? e.message : String(e))));
    throw e;
  });
})();
`;
