// The Open Inference Protocol over gRPC (ModelInfer, k6's built-in gRPC client, plaintext HTTP/2 on
// the HTTP port) against the same requests over REST (POST /v2/models/stock-volume/infer, JSON),
// in the same run: one real row, then 100 real rows, 4 VUs each, one scenario after the other.
// Every answer is checked: OK/200, the model's name, one finite volume per row. The warm-up
// (WARMUP, 10 s) sends both, so neither path is measured before the JIT has compiled it.
//   k6/run.sh grpc jvm17            (env: DURATION=20s, GRPC_ADDR=127.0.0.1:8080,
//                                    SCENARIOS=grpc_1_row,rest_1_row,grpc_100_rows,rest_100_rows: a subset runs alone)
import grpc from 'k6/net/grpc';
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL } from './lib/config.js';
import { randomPair } from './lib/data.js';
import { requireReady } from './lib/setup.js';
import { TREND_STATS, num, seconds, summaryFor } from './lib/summary.js';

const DURATION = __ENV.DURATION || '20s';
const GRPC_ADDR = __ENV.GRPC_ADDR || BASE_URL.replace(/^https?:\/\//, '');
const ALL_SCENARIOS = ['grpc_1_row', 'rest_1_row', 'grpc_100_rows', 'rest_100_rows'];
const SCENARIOS = (__ENV.SCENARIOS || ALL_SCENARIOS.join(',')).split(',');
SCENARIOS.filter((name) => !ALL_SCENARIOS.includes(name)).forEach((name) => {
  throw new Error(`SCENARIOS: no scenario ${name} (known: ${ALL_SCENARIOS.join(', ')})`);
});

const client = new grpc.Client();
client.load(['../src/service/src/main/proto'], 'open_inference_grpc.proto');

const scenarios = {};
SCENARIOS.forEach((name, i) => {
  scenarios[name] = { executor: 'constant-vus', vus: 4, duration: DURATION, exec: name.split('_')[0],
    startTime: `${i * (seconds(DURATION) + 2)}s`, env: { ROWS: name.includes('100') ? '100' : '1' } };
});
const thresholds = { checks: ['rate==1'] };
for (const name of SCENARIOS) {
  thresholds[`iterations{scenario:${name}}`] = ['count>=0'];
  thresholds[`checks{scenario:${name}}`] = ['rate==1'];
  thresholds[`${name.split('_')[0] === 'grpc' ? 'grpc' : 'http'}_req_duration{scenario:${name}}`] = ['p(99)<200'];
}
export const options = { summaryTrendStats: TREND_STATS, scenarios, thresholds };

function rows(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(...randomPair());
  }
  return out;
}

const answered = (volumes, n) => Array.isArray(volumes) && volumes.length === n && volumes.every(Number.isFinite);

let connected = false;

/** Warms both paths up (the JIT compiles what it is given), gRPC and REST in turn. */
export function setup() {
  let turn = 0;
  const ready = requireReady((params) => {
    turn += 1;
    if (turn % 2 === 0) {
      infer(1 + (turn % 100), true);
    } else {
      http.post(`${BASE_URL}/v2/models/stock-volume/infer`, JSON.stringify({ inputs: [{ name: 'features',
        shape: [1, 2], datatype: 'FP64', data: rows(1) }] }), { ...params, headers: { 'Content-Type': 'application/json' } });
    }
  });
  client.close();
  connected = false;
  return ready;
}

function infer(n, warmup) {
  if (!connected) {
    client.connect(GRPC_ADDR, { plaintext: true });
    connected = true;
  }
  return client.invoke('inference.GRPCInferenceService/ModelInfer', {
    model_name: 'stock-volume',
    inputs: [{ name: 'features', datatype: 'FP64', shape: [n, 2], contents: { fp64_contents: rows(n) } }],
  }, warmup ? { tags: { name: 'warmup' } } : {});
}

// "grpc" is the module's name here, so the scenario's function is exported under that name by hand
export { grpcCall as grpc };

function grpcCall() {
  const n = Number(__ENV.ROWS);
  const res = infer(n, false);
  check(res, {
    'status is OK': (r) => r && r.status === grpc.StatusOK,
    'one finite volume per row': (r) => r && r.message && r.message.modelName === 'stock-volume'
      && answered(r.message.outputs[0].contents.fp64Contents, n),
  });
}

export function rest() {
  const n = Number(__ENV.ROWS);
  const res = http.post(`${BASE_URL}/v2/models/stock-volume/infer`,
    JSON.stringify({ inputs: [{ name: 'features', shape: [n, 2], datatype: 'FP64', data: rows(n) }] }),
    { headers: { 'Content-Type': 'application/json' } });
  check(res, {
    'status is 200': (r) => r.status === 200,
    'one finite volume per row': (r) => {
      try {
        return r.json('model_name') === 'stock-volume' && answered(r.json('outputs.0.data'), n);
      } catch (e) {
        return false;
      }
    },
  });
}

function table(data) {
  const ms = (v) => (v === undefined ? '-' : v.toFixed(3));
  const lines = ['| scenario | calls | calls/s (in its own 4-VU run) | p50 ms | p95 ms | p99 ms | max ms | checks |',
    '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const name of SCENARIOS) {
    const kind = name.split('_')[0] === 'grpc' ? 'grpc' : 'http';
    const d = (data.metrics[`${kind}_req_duration{scenario:${name}}`] || {}).values || {};
    const it = (data.metrics[`iterations{scenario:${name}}`] || {}).values || {};
    const ok = (data.metrics[`checks{scenario:${name}}`] || {}).values || {};
    lines.push(`| ${name} | ${num(it.count, 0)} | ${num(it.count / seconds(DURATION), 1)} | ${ms(d.med)} | ${ms(d['p(95)'])}`
      + ` | ${ms(d['p(99)'])} | ${ms(d.max)} | ${ok.rate === undefined ? '-' : `${(100 * ok.rate).toFixed(1)}%`} |`);
  }
  return ['## gRPC against REST, same rows, same run', '', lines.join('\n')].join('\n');
}

export const handleSummary = summaryFor('grpc', table);
