import http from 'k6/http';
import exec from 'k6/execution';
import { BASE_URL } from './config.js';
import { predictQuery } from './data.js';
import { seconds } from './summary.js';

// Seconds of warm-up before the measured scenarios, so the JIT has compiled the paths measured
const WARMUP = seconds(__ENV.WARMUP || '10s');

/**
 * Fails fast unless the service is ready (a load test against a service that is down or still
 * loading its model measures nothing), then warms it up with `warm` (default: GET /predict) for
 * WARMUP. Warm-up requests carry the tag name=warmup and no scenario tag, so no table counts them.
 */
export function requireReady(warm) {
  // the Open Inference Protocol's readiness, on the API's port (the probes are on the management port)
  const ready = http.get(`${BASE_URL}/v2/health/ready`, { tags: { name: 'setup' } });
  if (ready.status !== 200) {
    exec.test.abort(`${BASE_URL} is not ready (GET /v2/health/ready: ${ready.status} ${ready.error || ready.body})`);
  }
  const model = http.get(`${BASE_URL}/v1/models/stock-volume`, { tags: { name: 'setup' } });
  const end = Date.now() + WARMUP * 1000;
  const params = { tags: { name: 'warmup' } };
  while (Date.now() < end) {
    if (warm) {
      warm(params);
    } else {
      http.get(`${BASE_URL}/predict?${predictQuery()}`, params);
    }
  }
  return { model: model.status === 200 ? `${model.json('name')} ${model.json('version')}` : 'unknown' };
}
