// POST /v1/predictions/from-bars with "model": "stock-volume-forecast", at the sizes Airflow sends:
//   dag       a daily forecasting task: one symbol's last 40 bars, tomorrow's forecast (4 VUs)
//   backtest  a backtest: 2,000 bars (8 years) and the last 250 dates forecast from the bars before each (2 VUs)
// one scenario after the other, without pause. Bars are a seeded random walk of realistic scale.
//   k6/run.sh forecast jvm17            (env: DURATION=30s)
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL } from './lib/config.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, latencyTable, seconds, summaryFor } from './lib/summary.js';

const DURATION = __ENV.DURATION || '30s';
const MODEL = 'stock-volume-forecast';

export const options = {
  summaryTrendStats: TREND_STATS,
  scenarios: {
    dag: { executor: 'constant-vus', vus: 4, duration: DURATION, exec: 'dag' },
    backtest: { executor: 'constant-vus', vus: 2, duration: DURATION, exec: 'backtest',
      startTime: `${seconds(DURATION) + 2}s` },
  },
  thresholds: {
    // 40 bars, one date: features in microseconds, one inference; JSON and HTTP must stay in milliseconds
    'http_req_duration{scenario:dag}': ['p(99)<20'],
    // 2,000 bars and 250 dates: ~0.15 MB in, 250 forecasts with their features out
    'http_req_duration{scenario:backtest}': ['p(99)<150'],
    'http_req_failed{scenario:dag}': ['rate==0'],
    'http_req_failed{scenario:backtest}': ['rate==0'],
    'http_reqs{scenario:dag}': ['count>=0'],
    'http_reqs{scenario:backtest}': ['count>=0'],
    // every answer comes from the forecast model, with one finite forecast per date asked
    checks: ['rate==1'],
  },
};

/** n weekday bars ending on 2021-01-27, a seeded random walk of price and volume. */
function bars(n, seed) {
  let state = seed;
  const random = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const out = [];
  let day = new Date(Date.UTC(2021, 0, 27));
  let price = 50 + 100 * random();
  let level = 1e5 * (1 + 50 * random());
  while (out.length < n) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) {
      price *= 1 + 0.02 * (random() - 0.5);
      level *= 1 + 0.1 * (random() - 0.5);
      out.push({ date: day.toISOString().slice(0, 10), adj_close: price, volume: Math.round(level * (0.5 + random())) });
    }
    day = new Date(day.getTime() - 86400000);
  }
  return out.reverse();
}

const DAG = JSON.stringify({ symbol: 'DAG', model: MODEL, bars: bars(40, 7), dates: ['2021-01-28'] });
const history = bars(2000, 11);
const BACKTEST = JSON.stringify({ symbol: 'BACKTEST', model: MODEL, bars: history,
  dates: history.slice(-250).map((b) => b.date) });
const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function setup() {
  return requireReady((params) => {
    http.post(`${BASE_URL}/v1/predictions/from-bars`, DAG, { ...params, headers: JSON_HEADERS });
    http.post(`${BASE_URL}/v1/predictions/from-bars`, BACKTEST, { ...params, headers: JSON_HEADERS });
  });
}

function post(body, dates, name) {
  const res = http.post(`${BASE_URL}/v1/predictions/from-bars`, body, { headers: JSON_HEADERS, tags: { name } });
  check(res, {
    'status is 200': (r) => r.status === 200,
    'the forecast model, one finite forecast per date': (r) => {
      try {
        const p = r.json('predictions');
        return r.json('model.name') === MODEL && p.length === dates
          && p.every((x) => Number.isFinite(x.volume) && x.features !== undefined);
      } catch (e) {
        return false;
      }
    },
  });
}

export function dag() {
  post(DAG, 1, 'from-bars forecast 40 bars 1 date');
}

export function backtest() {
  post(BACKTEST, 250, 'from-bars forecast 2000 bars 250 dates');
}

export const handleSummary = summaryFor('forecast', (data) => ['## Per scenario', '',
  latencyTable(data, 'scenario', 'scenario', ['dag', 'backtest'])].join('\n'));
