// A spike: the service idles, then the arrival rate jumps within a second to several times the
// normal rate and stays there, then drops back to the normal rate. The service must take the spike
// without errors and recover at once: the first 10 s after the spike (`recovery`) must be as fast
// as normal. Phases are tagged `phase`.
//   k6/run.sh spike jvm17        (env: NORMAL_RATE=1000 SPIKE_RATE=5000 SPIKE=30s)
import http from 'k6/http';
import exec from 'k6/execution';
import { BASE_URL } from './lib/config.js';
import { predictQuery } from './lib/data.js';
import { checkPrediction } from './lib/checks.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, latencyTable, seconds, summaryFor } from './lib/summary.js';

const NORMAL = parseInt(__ENV.NORMAL_RATE || '1000', 10);
const SPIKE = parseInt(__ENV.SPIKE_RATE || String(5 * NORMAL), 10);
const SPIKE_FOR = __ENV.SPIKE || '30s';
const IDLE_RATE = 5;

// [phase, seconds, rate at the end of the stage]; a 1 s stage is the jump
const plan = [
  ['idle', 20, IDLE_RATE], ['jump', 1, SPIKE], ['spike', seconds(SPIKE_FOR), SPIKE],
  ['drop', 1, NORMAL], ['recovery', 10, NORMAL], ['after', 30, NORMAL],
];
const windows = [];
let t = 0;
for (const [phase, length] of plan) {
  windows.push([t, t + length, phase]);
  t += length;
}
const PHASES = ['idle', 'spike', 'recovery', 'after'];

export const options = {
  summaryTrendStats: TREND_STATS,
  scenarios: {
    spike: {
      executor: 'ramping-arrival-rate', startRate: IDLE_RATE, timeUnit: '1s', preAllocatedVUs: 100,
      maxVUs: parseInt(__ENV.MAX_VUS || '400', 10),
      stages: plan.map(([, length, rate]) => ({ duration: `${length}s`, target: rate })),
    },
  },
  thresholds: {
    // recovering at once: right after the spike, latency is back to what the normal rate gets
    'http_req_duration{phase:recovery}': ['p(99)<10'],
    'http_req_duration{phase:after}': ['p(99)<10'],
    // the spike itself may queue, but stays interactive
    'http_req_duration{phase:spike}': ['p(99)<100'],
    // idle latency, for comparison (always true)
    'http_req_duration{phase:idle}': ['p(99)>=0'],
    // no request fails, in the spike or after it
    http_req_failed: ['rate<0.001'],
    ...Object.fromEntries(PHASES.map((p) => [`http_req_failed{phase:${p}}`, ['rate>=0']])),
    ...Object.fromEntries(PHASES.map((p) => [`http_reqs{phase:${p}}`, ['count>=0']])),
  },
};

export function setup() {
  return requireReady();
}

function phase() {
  const elapsed = (Date.now() - exec.scenario.startTime) / 1000;
  const w = windows.find(([start, end]) => elapsed >= start && elapsed < end);
  return w ? w[2] : 'after';
}

export default function () {
  checkPrediction(http.get(`${BASE_URL}/predict?${predictQuery()}`, { tags: { name: 'GET /predict', phase: phase() } }));
}

export const handleSummary = summaryFor('spike', (data) => [
  `## Per phase (GET /predict; idle ${IDLE_RATE} req/s, spike ${SPIKE} req/s for ${SPIKE_FOR}, then ${NORMAL} req/s)`,
  '',
  latencyTable(data, 'phase', 'phase', PHASES),
  '',
  'req/s here is over the whole run; each phase\'s own rate is its requests over its length.',
].join('\n'));
