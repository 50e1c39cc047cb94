// The operations console's live part: at every sample interval it polls /ops/data and draws every service's request
// rate, 5xx share and latency over the window as small inline SVG charts, and swaps in the summary, topology and
// panels of the latest sample from /ops/live. Tones go with words (UP, DOWN, 2.5%), never colour alone.
(() => {
  const table = document.getElementById('ops-charts');
  if (!table) {
    return;
  }
  const source = table.dataset.src;
  const liveSource = table.dataset.live;
  const interval = Math.max(1000, Number(table.dataset.interval) || 5000);
  const SVG = 'http://www.w3.org/2000/svg';
  const WIDTH = 170;
  const HEIGHT = 36;

  const number = (value, digits) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const rate = (value) => number(value, value < 10 ? 2 : value < 100 ? 1 : 0);
  const millis = (value) => (value < 10 ? number(value, 1) : number(value, 0)) + ' ms';

  // Per chart: the value of a point, its text, the least top of the scale, and its tone.
  const metrics = {
    rate: {
      value: (traffic) => traffic.requestsPerSecond,
      text: (value) => rate(value) + ' req/s',
      peak: (value) => 'peak ' + rate(value),
      floor: 1,
      tone: () => 'brand',
    },
    errors: {
      value: (traffic) => (traffic.errorRatio == null ? null : traffic.errorRatio * 100),
      text: (value) => number(value, 1) + '% 5xx',
      peak: (value) => 'peak ' + number(value, 1) + '%',
      floor: 5,
      tone: (value) => (value >= 5 ? 'down' : value > 0 ? 'warn' : 'up'),
    },
    latency: {
      value: (traffic) => (traffic.latencyMillis == null ? null : traffic.latencyMillis),
      text: (value, traffic) => (traffic.latency || 'mean') + ' ' + millis(value),
      peak: (value) => 'peak ' + millis(value),
      floor: 10,
      tone: (value) => (value >= 1000 ? 'down' : value >= 250 ? 'warn' : 'up'),
    },
  };

  const setTone = (element, tone) => {
    [...element.classList].filter((name) => name.startsWith('tone-')).forEach((name) => element.classList.remove(name));
    element.classList.add('tone-' + tone);
  };

  const svg = (name, attributes) => {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
    return element;
  };

  // One line per run of points with a value (a gap where a service had no data), over a light area.
  const draw = (chart, points, start, end, top) => {
    chart.replaceChildren(svg('line', { class: 'baseline', x1: 0, x2: WIDTH, y1: HEIGHT - 1, y2: HEIGHT - 1 }));
    const x = (at) => ((at - start) / Math.max(1, end - start)) * WIDTH;
    const y = (value) => HEIGHT - 2 - (value / top) * (HEIGHT - 5);
    let run = [];
    const flush = () => {
      if (run.length > 1) {
        const line = run.map((point, i) => (i ? 'L' : 'M') + x(point.at).toFixed(1) + ' ' + y(point.value).toFixed(1)).join(' ');
        const area = line + ' L' + x(run[run.length - 1].at).toFixed(1) + ' ' + (HEIGHT - 1) + ' L' + x(run[0].at).toFixed(1) + ' ' + (HEIGHT - 1) + ' Z';
        chart.append(svg('path', { class: 'area', d: area }), svg('path', { class: 'line', d: line }));
      }
      else if (run.length === 1) {
        chart.append(svg('circle', { class: 'dot', cx: x(run[0].at).toFixed(1), cy: y(run[0].value).toFixed(1), r: 1.8 }));
      }
      run = [];
    };
    points.forEach((point) => (point.value == null ? flush() : run.push(point)));
    flush();
  };

  const renderCharts = (data) => {
    // The time axis ends with the latest sample and starts with the oldest point of the window, so the lines use
    // the chart's width from the second sample on.
    const end = data.sampledAt;
    const start = data.points.length > 1 ? Math.max(end - data.windowMillis, data.points[0].at) : end - data.intervalMillis;
    table.querySelectorAll('tbody tr[data-service]').forEach((row) => {
      const service = row.dataset.service;
      row.querySelectorAll('td[data-metric]').forEach((cell) => {
        const metric = metrics[cell.dataset.metric];
        const points = data.points.map((point) => {
          const traffic = point.services[service];
          const value = traffic ? metric.value(traffic) : null;
          return { at: point.at, value: value == null ? null : value, traffic };
        });
        const known = points.filter((point) => point.value != null);
        const peak = known.reduce((max, point) => Math.max(max, point.value), 0);
        draw(cell.querySelector('svg'), points, start, end, Math.max(metric.floor, peak) * 1.1);
        const last = known[known.length - 1];
        const latest = points[points.length - 1];
        const value = cell.querySelector('.ops-chart-value');
        if (!latest || !latest.traffic) {
          value.textContent = data.samples < 2 ? 'waiting…' : 'no data';
          setTone(cell, 'unknown');
        }
        else if (!last || last !== latest) {
          value.textContent = cell.dataset.metric === 'rate' ? rate(0) + ' req/s' : 'no requests';
          setTone(cell, 'unknown');
        }
        else {
          value.textContent = metric.text(last.value, last.traffic);
          setTone(cell, metric.tone(last.value));
        }
        cell.querySelector('.ops-chart-peak').textContent = known.length ? metric.peak(peak) : '';
      });
    });
    table.dataset.samples = String(data.samples);
    const time = new Date(data.sampledAt).toISOString().substring(11, 19);
    document.getElementById('ops-traffic-note').textContent = data.samples < 2
      ? 'Charts start with the second sample (' + time + ' UTC).'
      : data.samples + ' samples over the last ' + Math.round((data.samples - 1) * data.intervalMillis / 1000) + ' s · updated ' + time + ' UTC';
    const sampledAt = document.getElementById('ops-sampled-at');
    if (sampledAt) {
      sampledAt.textContent = time + ' UTC';
      sampledAt.setAttribute('datetime', new Date(data.sampledAt).toISOString());
    }
  };

  // The summary, topology and panels as the latest sample saw them, rendered by the server like the page.
  const renderLive = (html) => {
    const fresh = new DOMParser().parseFromString(html, 'text/html');
    ['ops-overview', 'ops-panels'].forEach((id) => {
      const current = document.getElementById(id);
      const next = fresh.getElementById(id);
      if (current && next) {
        current.replaceWith(document.adoptNode(next));
      }
    });
  };

  const problem = document.getElementById('ops-live-problem');
  const showProblem = (text) => {
    problem.textContent = text;
    problem.hidden = false;
  };

  const poll = async () => {
    let again = true;
    try {
      const options = { credentials: 'same-origin', cache: 'no-store' };
      const [response, live] = await Promise.all([
        fetch(source, { ...options, headers: { Accept: 'application/json' } }),
        fetch(liveSource, { ...options, headers: { Accept: 'text/html' } }),
      ]);
      const type = response.headers.get('Content-Type') || '';
      if (response.ok && type.includes('json')) {
        renderCharts(await response.json());
        if (live.ok && !live.redirected) {
          renderLive(await live.text());
        }
        problem.hidden = true;
      }
      else if (response.status === 403 || response.redirected || (response.ok && !type.includes('json'))) {
        // Logged out, or no longer an administrator: polling cannot help; a reload asks for a login.
        showProblem('Live updates stopped: your login has ended. Reload the page to log in again.');
        again = false;
      }
      else {
        showProblem('Live updates paused: the storefront answered ' + response.status + '. Retrying…');
      }
    }
    catch (error) {
      showProblem('Live updates paused: the storefront did not answer. Retrying…');
    }
    if (again) {
      setTimeout(poll, interval);
    }
  };

  poll();
})();
