// The original project's three k6 scenarios, with their original parameters, against the drop-in
// GET /predict: burst_load, gradual_load and constant_load run together, as they did, each
// iteration one request and sleep(1). They offer at most about 25 req/s, so they show latency
// under light load, not capacity (see stress.js).
//   k6/run.sh seed-scenarios jvm17
import http from 'k6/http';
import { sleep } from 'k6';
import { BASE_URL } from './lib/config.js';
import { predictQuery } from './lib/data.js';
import { checkPrediction } from './lib/checks.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, latencyTable, summaryFor } from './lib/summary.js';

const SCENARIOS = ['burst_load', 'gradual_load', 'constant_load'];

const thresholds = {
  // the original API's best p95 was 162 ms: the service must beat it in every scenario by two orders
  ...Object.fromEntries(SCENARIOS.map((s) => [`http_req_duration{scenario:${s}}`, ['p(95)<10', 'p(99)<25']])),
  // any failed request at this light load is a bug, not saturation
  ...Object.fromEntries(SCENARIOS.map((s) => [`http_req_failed{scenario:${s}}`, ['rate==0']])),
  // per-scenario request counts and rates for the summary table (always true)
  ...Object.fromEntries(SCENARIOS.map((s) => [`http_reqs{scenario:${s}}`, ['count>=0']])),
  // every answer must be a whole number, as the original's str(int(prediction))
  checks: ['rate==1'],
};

export const options = {
  summaryTrendStats: TREND_STATS,
  thresholds,
  scenarios: {
    burst_load: {
      executor: 'per-vu-iterations', vus: 5, iterations: 20, maxDuration: '10s', gracefulStop: '30s',
    },
    gradual_load: {
      executor: 'ramping-vus', startVUs: 1, gracefulRampDown: '30s', gracefulStop: '30s',
      stages: [{ duration: '1m', target: 10 }, { duration: '2m', target: 20 }, { duration: '1m', target: 5 }],
    },
    constant_load: {
      executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1m',
      preAllocatedVUs: 10, maxVUs: 20, gracefulStop: '30s',
    },
  },
};

export function setup() {
  return requireReady();
}

export default function () {
  checkPrediction(http.get(`${BASE_URL}/predict?${predictQuery()}`, { tags: { name: 'GET /predict' } }));
  sleep(1);
}

export const handleSummary = summaryFor('seed-scenarios', (data) => [
  '## Per scenario (GET /predict)',
  '',
  latencyTable(data, 'scenario', 'scenario', SCENARIOS),
  '',
  'The original Flask API: p95 162-185 ms in every scenario, 0.19 req/s in burst_load. k6\'s per-scenario',
  'rate divides a scenario\'s requests by the whole run (burst_load: its ~50 requests over ~4.5 minutes).',
].join('\n'));
