import { SharedArray } from 'k6/data';

// 1,000 real [vol_moving_avg, adj_close_rolling_med] pairs from the training data's feature table
// (feature-pairs.json says how they were drawn); one copy shared by all VUs.
const pairs = new SharedArray('feature pairs', () => JSON.parse(open('./feature-pairs.json')).pairs);

/** A random real pair. */
export function randomPair() {
  return pairs[Math.floor(Math.random() * pairs.length)];
}

/** The query of the original GET /predict for a random real pair. */
export function predictQuery() {
  const [vol, med] = randomPair();
  return `vol_moving_avg=${vol}&adj_close_rolling_med=${med}`;
}

/** A POST /v1/predictions body of n real rows, starting at a random pair. */
export function batchBody(n) {
  const start = Math.floor(Math.random() * pairs.length);
  const instances = [];
  for (let i = 0; i < n; i++) {
    const [vol, med] = pairs[(start + i) % pairs.length];
    instances.push({ vol_moving_avg: vol, adj_close_rolling_med: med });
  }
  return JSON.stringify({ instances });
}
