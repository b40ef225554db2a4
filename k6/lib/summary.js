import { BASE_URL, LABEL, RESULTS_DIR } from './config.js';

// Percentiles every script reports; k6's default stops at p(95).
export const TREND_STATS = ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'];

const ms = (v) => (v === undefined ? '-' : v < 10 ? v.toFixed(3) : v.toFixed(1));
// k6's JavaScript engine has no locale formatting: thousands separators by hand
export const num = (v, digits = 1) => {
  if (v === undefined) {
    return '-';
  }
  const [whole, fraction] = v.toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction && digits > 0 ? `${grouped}.${fraction}` : grouped;
};
const pct = (v) => (v === undefined ? '-' : `${(100 * v).toFixed(3)}%`);

/** Sub-metrics of `metric` by one tag, e.g. http_req_duration{scenario:burst_load} -> {burst_load: values}. */
export function byTag(data, metric, tag) {
  const out = {};
  const prefix = `${metric}{${tag}:`;
  for (const [name, m] of Object.entries(data.metrics)) {
    if (name.startsWith(prefix) && name.endsWith('}')) {
      out[name.slice(prefix.length, -1)] = m.values;
    }
  }
  return out;
}

/** One row per tag value (in `order`, if given): requests, rate over the whole run, latency percentiles, errors. */
export function latencyTable(data, tag, heading, order) {
  const durations = byTag(data, 'http_req_duration', tag);
  const reqs = byTag(data, 'http_reqs', tag);
  const failed = byTag(data, 'http_req_failed', tag);
  const lines = [
    `| ${heading} | requests | req/s (whole run) | p50 ms | p95 ms | p99 ms | max ms | errors |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const key of order || Object.keys(durations).sort()) {
    const d = durations[key] || {};
    const r = reqs[key] || {};
    lines.push(`| ${key} | ${num(r.count, 0)} | ${num(r.rate, 2)} | ${ms(d.med)} | ${ms(d['p(95)'])} | ${ms(d['p(99)'])} | ${ms(d.max)} | ${pct((failed[key] || {}).rate)} |`);
  }
  return lines.join('\n');
}

function thresholdLines(data) {
  const lines = [];
  for (const [name, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds || {})) {
      lines.push(`- ${t.ok ? 'pass' : '**FAIL**'}: \`${name}\` ${expr}`);
    }
  }
  return lines.sort().join('\n');
}

/**
 * handleSummary for a script: the full summary as k6/results/<date>-<script>-<label>.json and a
 * short Markdown summary beside it (also printed; only printed without LABEL or RESULTS_DIR).
 * `extra(data)` adds the script's own findings.
 */
export function summaryFor(script, extra) {
  return function handleSummary(data) {
    const date = new Date().toISOString().slice(0, 10);
    const base = `${RESULTS_DIR}/${date}-${script}-${LABEL}`;
    const all = data.metrics;
    const md = [
      `# k6 ${script}: ${LABEL}`,
      '',
      `- when: ${new Date().toISOString()}; run length ${(data.state.testRunDurationMs / 1000).toFixed(1)} s`,
      `- target: ${BASE_URL} (${LABEL}); commit ${__ENV.GIT_COMMIT || '?'}; ${__ENV.K6_VERSION || 'k6 version ?'}`,
      `- machine: ${__ENV.MACHINE || '?'}; service JVM: ${__ENV.SERVICE_JAVA || '?'}`,
      `- all requests, the setup's warm-up included: ${num(all.http_reqs.values.count, 0)} (${num(all.http_reqs.values.rate, 1)}/s over the run);`
        + ` failed ${pct(all.http_req_failed.values.rate)}; checks passed ${pct(all.checks ? all.checks.values.rate : undefined)};`
        + ` dropped iterations ${num(all.dropped_iterations ? all.dropped_iterations.values.count : 0, 0)}`,
      '',
      extra ? extra(data) : '',
      '',
      '## Thresholds',
      '',
      thresholdLines(data),
      '',
      `Full summary: \`${base}.json\`; dashboard: \`${base}.html\` (when run with k6/run.sh).`,
      '',
    ].join('\n');
    // a run without a label (k6 run directly, not k6/run.sh) is printed only: results say how the service ran
    const files = __ENV.LABEL || __ENV.RESULTS_DIR
      ? { [`${base}.json`]: JSON.stringify(data, null, 1), [`${base}.md`]: md }
      : {};
    return { ...files, stdout: `${md}\n` };
  };
}

/** Seconds in a k6 duration such as 90s, 10m or 1h30m. */
export function seconds(duration) {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m;
  while ((m = re.exec(duration)) !== null) {
    total += parseFloat(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
  }
  return total;
}
