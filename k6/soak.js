// A soak: GET /predict at a steady rate for DURATION (10 minutes by default), judged minute by minute
// (tag `minute`), while a second scenario reads the service's resident memory from /q/metrics every
// 10 s (process_memory_rss_bytes). No drift: the last minute's p99 within 2 ms of the first's, and
// resident memory flat.
//   k6/run.sh soak jvm17         (env: RATE=1000 DURATION=10m)
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { Trend } from 'k6/metrics';
import { BASE_URL, MANAGEMENT_URL } from './lib/config.js';
import { predictQuery } from './lib/data.js';
import { checkPrediction } from './lib/checks.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, byTag, seconds, summaryFor } from './lib/summary.js';

const RATE = parseInt(__ENV.RATE || '1000', 10);
const DURATION = __ENV.DURATION || '10m';
const MINUTES = Math.max(1, Math.round(seconds(DURATION) / 60));

// resident memory of the service, MB, tagged by minute (custom metrics carry the svc_ prefix)
const rss = new Trend('svc_resident_memory_mb');

const perMinute = {};
for (let m = 0; m < MINUTES; m++) {
  // every minute on its own: a slow drift shows as minutes creeping up, not in the run's totals
  perMinute[`http_req_duration{minute:${m}}`] = ['p(99)<10'];
  perMinute[`svc_resident_memory_mb{minute:${m}}`] = ['max<300'];
  perMinute[`http_reqs{minute:${m}}`] = ['count>=0'];
}

export const options = {
  summaryTrendStats: TREND_STATS,
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: DURATION,
      preAllocatedVUs: 50, maxVUs: 200,
    },
    memory: { executor: 'constant-vus', vus: 1, duration: DURATION, exec: 'sampleMemory' },
  },
  thresholds: {
    ...perMinute,
    // no request fails over the whole soak
    'http_req_failed{scenario:steady}': ['rate<0.0001'],
    // the service answers the whole offered rate: k6 never had to skip an iteration for lack of VUs
    dropped_iterations: ['count<1'],
  },
};

export function setup() {
  return requireReady();
}

function minute() {
  return String(Math.min(MINUTES - 1, Math.floor((Date.now() - exec.scenario.startTime) / 60000)));
}

export default function () {
  checkPrediction(http.get(`${BASE_URL}/predict?${predictQuery()}`, { tags: { name: 'GET /predict', minute: minute() } }));
}

export function sampleMemory() {
  const res = http.get(`${MANAGEMENT_URL}/q/metrics`, { tags: { name: 'GET /q/metrics' } });
  const m = /^process_memory_rss_bytes (\S+)$/m.exec(res.body || '');
  if (m) {
    rss.add(parseFloat(m[1]) / 1048576, { minute: minute() });
  }
  sleep(10);
}

export const handleSummary = summaryFor('soak', (data) => {
  const durations = byTag(data, 'http_req_duration', 'minute');
  const memory = byTag(data, 'svc_resident_memory_mb', 'minute');
  const reqs = byTag(data, 'http_reqs', 'minute');
  const lines = [
    `## Per minute (GET /predict at ${RATE} req/s for ${DURATION})`, '',
    '| minute | requests | p50 ms | p95 ms | p99 ms | max ms | RSS MB (max) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (let m = 0; m < MINUTES; m++) {
    const d = durations[m] || {};
    lines.push(`| ${m} | ${(reqs[m] || {}).count || 0} | ${(d.med || 0).toFixed(3)} | ${(d['p(95)'] || 0).toFixed(3)}`
      + ` | ${(d['p(99)'] || 0).toFixed(3)} | ${(d.max || 0).toFixed(1)} | ${((memory[m] || {}).max || 0).toFixed(1)} |`);
  }
  const first = durations[0] || {};
  const last = durations[MINUTES - 1] || {};
  const drift = (last['p(99)'] || 0) - (first['p(99)'] || 0);
  const grown = ((memory[MINUTES - 1] || {}).max || 0) - ((memory[Math.min(1, MINUTES - 1)] || {}).max || 0);
  lines.push('', `Drift: p99 ${drift >= 0 ? '+' : ''}${drift.toFixed(3)} ms from the first minute to the last`
    + ` (${Math.abs(drift) <= 2 ? 'within' : '**beyond**'} 2 ms); resident memory ${grown >= 0 ? '+' : ''}${grown.toFixed(1)} MB`
    + ' from minute 1 to the last.');
  return lines.join('\n');
});
