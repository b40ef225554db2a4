// Settings every script shares, from the environment: k6 run -e BASE_URL=... or BASE_URL=... k6 run.
export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/$/, '');

// How the service ran, for the results' file names: jvm17, jvm25, jvm25-aot, native, ...
export const LABEL = __ENV.LABEL || 'unlabelled';

export const RESULTS_DIR = __ENV.RESULTS_DIR || 'k6/results';

// The management interface (probes, metrics): its own port, 9000 by default
export const MANAGEMENT_URL = (__ENV.MANAGEMENT_URL || 'http://localhost:9000').replace(/\/$/, '');
