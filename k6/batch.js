// POST /v1/predictions with 100 and with 1,000 real rows per request, one scenario after the other,
// 4 VUs each without pause: latency and rows/s of batches as Airflow tasks send them.
//   k6/run.sh batch jvm17            (env: VUS=4 DURATION=30s)
import http from 'k6/http';
import { BASE_URL } from './lib/config.js';
import { batchBody } from './lib/data.js';
import { checkBatch } from './lib/checks.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, byTag, latencyTable, num, seconds, summaryFor } from './lib/summary.js';

const VUS = parseInt(__ENV.VUS || '4', 10);
const DURATION = __ENV.DURATION || '30s';
const SIZES = [100, 1000];

export const options = {
  summaryTrendStats: TREND_STATS,
  scenarios: Object.fromEntries(SIZES.map((rows, i) => [`rows_${rows}`, {
    executor: 'constant-vus', vus: VUS, duration: DURATION, exec: 'post',
    startTime: `${i * (seconds(DURATION) + 2)}s`, env: { ROWS: String(rows) },
  }])),
  thresholds: {
    // 100 rows is ~40 µs of inference: what is left is JSON and HTTP, which must stay in single milliseconds
    'http_req_duration{scenario:rows_100}': ['p(99)<10'],
    // 1,000 rows: ~1 ms of inference per request, 4 requests in flight on 2 cores
    'http_req_duration{scenario:rows_1000}': ['p(99)<50'],
    // a batch is never refused at these sizes (the limit is 10,000 rows)
    'http_req_failed{scenario:rows_100}': ['rate==0'],
    'http_req_failed{scenario:rows_1000}': ['rate==0'],
    // request counts and rates for the summary table (always true)
    'http_reqs{scenario:rows_100}': ['count>=0'],
    'http_reqs{scenario:rows_1000}': ['count>=0'],
    // every answer has one finite volume per row sent
    checks: ['rate==1'],
  },
};

// Bodies built once per VU: the test measures the service, not k6 building JSON.
const bodies = {};

export function setup() {
  return requireReady((params) => SIZES.forEach((rows) => http.post(`${BASE_URL}/v1/predictions`, batchBody(rows),
    { ...params, headers: { 'Content-Type': 'application/json' } })));
}

export function post() {
  const rows = parseInt(__ENV.ROWS, 10);
  bodies[rows] = bodies[rows] || batchBody(rows);
  const res = http.post(`${BASE_URL}/v1/predictions`, bodies[rows], {
    headers: { 'Content-Type': 'application/json' }, tags: { name: `POST /v1/predictions ${rows} rows` },
  });
  checkBatch(res, rows);
}

export const handleSummary = summaryFor('batch', (data) => {
  const reqs = byTag(data, 'http_reqs', 'scenario');
  const rowsPerSecond = SIZES.map((rows) => {
    const count = (reqs[`rows_${rows}`] || {}).count || 0;
    return `- rows_${rows}: ${num((count * rows) / seconds(DURATION), 0)} rows/s`
      + ` (${count} requests of ${rows} rows in ${DURATION})`;
  });
  return ['## Per batch size', '', latencyTable(data, 'scenario', 'scenario', SIZES.map((rows) => `rows_${rows}`)), '', ...rowsPerSecond].join('\n');
});
