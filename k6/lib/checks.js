import { check } from 'k6';

/** GET /predict: 200 and a whole number, as the original's str(int(prediction)). */
export function checkPrediction(res) {
  return check(res, {
    'status is 200': (r) => r.status === 200,
    'body is a whole number': (r) => typeof r.body === 'string' && /^-?\d+$/.test(r.body),
  });
}

/** POST /v1/predictions: 200 and one finite volume per row sent. */
export function checkBatch(res, rows) {
  return check(res, {
    'status is 200': (r) => r.status === 200,
    'one numeric volume per row': (r) => {
      try {
        const predictions = r.json('predictions');
        return Array.isArray(predictions) && predictions.length === rows
          && predictions.every((p) => typeof p.volume === 'number' && Number.isFinite(p.volume));
      } catch (e) {
        return false;
      }
    },
  });
}
