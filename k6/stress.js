// Finds the knee: GET /predict at arrival rates rising in steps, without sleep, well past what the
// machine can serve. Each step is held and measured on its own (tag `level`); the knee is the
// highest rate held (>= 95% of it achieved) with p99 <= 10 ms and < 0.1% errors. k6 runs on the
// same machine as the service, so past some rate k6 itself is what saturates: read the knee as
// "k6 plus the service on these cores".
//   k6/run.sh stress jvm17      (env: LEVELS=1000,2000,2500,... HOLD=15s MAX_VUS=400)
import http from 'k6/http';
import exec from 'k6/execution';
import { BASE_URL } from './lib/config.js';
import { predictQuery } from './lib/data.js';
import { checkPrediction } from './lib/checks.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, byTag, seconds, summaryFor } from './lib/summary.js';

const LEVELS = (__ENV.LEVELS || '1000,2000,2500,3000,3500,4000,5000,6000,8000,12000').split(',').map(Number);
const HOLD = __ENV.HOLD || '15s';
const RAMP = 2; // seconds from one level to the next; requests then are tagged `ramp` and not judged
const KNEE_P99_MS = 10;
const KNEE_ERRORS = 0.001;

const stages = [];
const windows = []; // [start s, end s, level] of each hold, from the scenario's start
let t = 0;
for (const level of LEVELS) {
  stages.push({ duration: `${RAMP}s`, target: level }, { duration: HOLD, target: level });
  windows.push([t + RAMP, t + RAMP + seconds(HOLD), level]);
  t += RAMP + seconds(HOLD);
}

const perLevel = {};
for (const level of LEVELS) {
  // per-level sub-metrics, so the summary has each step's own percentiles (always true: the knee is computed below)
  perLevel[`http_req_duration{level:${level}}`] = ['p(99)>=0'];
  perLevel[`http_req_failed{level:${level}}`] = ['rate>=0'];
  perLevel[`http_reqs{level:${level}}`] = ['count>=0'];
}

export const options = {
  summaryTrendStats: TREND_STATS,
  discardResponseBodies: false,
  scenarios: {
    stress: {
      executor: 'ramping-arrival-rate', startRate: LEVELS[0], timeUnit: '1s', stages,
      preAllocatedVUs: 100, maxVUs: parseInt(__ENV.MAX_VUS || '400', 10),
    },
  },
  thresholds: {
    ...perLevel,
    // past the knee the service may slow down, but it must not fall over: errors stay under 1% overall
    http_req_failed: ['rate<0.01'],
  },
};

export function setup() {
  return requireReady();
}

function currentLevel() {
  const elapsed = (Date.now() - exec.scenario.startTime) / 1000;
  for (const [start, end, level] of windows) {
    if (elapsed >= start && elapsed < end) {
      return String(level);
    }
  }
  return 'ramp';
}

export default function () {
  checkPrediction(http.get(`${BASE_URL}/predict?${predictQuery()}`, { tags: { name: 'GET /predict', level: currentLevel() } }));
}

export const handleSummary = summaryFor('stress', (data) => {
  const durations = byTag(data, 'http_req_duration', 'level');
  const failed = byTag(data, 'http_req_failed', 'level');
  const reqs = byTag(data, 'http_reqs', 'level');
  const hold = seconds(HOLD);
  const lines = [
    `## Per level (GET /predict, each held ${HOLD})`, '',
    '| offered req/s | achieved req/s | p50 ms | p95 ms | p99 ms | errors | held? |',
    '|---:|---:|---:|---:|---:|---:|---|',
  ];
  let knee = null;
  for (const level of LEVELS) {
    const d = durations[level] || {};
    const achieved = ((reqs[level] || {}).count || 0) / hold;
    const errors = (failed[level] || {}).rate || 0;
    const held = achieved >= 0.95 * level && d['p(99)'] <= KNEE_P99_MS && errors < KNEE_ERRORS;
    if (held) {
      knee = level;
    }
    lines.push(`| ${level} | ${Math.round(achieved)} | ${(d.med || 0).toFixed(3)} | ${(d['p(95)'] || 0).toFixed(3)}`
      + ` | ${(d['p(99)'] || 0).toFixed(3)} | ${(100 * errors).toFixed(3)}% | ${held ? 'yes' : 'no'} |`);
  }
  lines.push('', `**Knee: ${knee === null ? 'none of the levels' : `${knee} req/s`}** (the highest level achieved at >= 95%`
    + ` with p99 <= ${KNEE_P99_MS} ms and errors < ${100 * KNEE_ERRORS}%).`);
  return lines.join('\n');
});
