/*
 * What a cluster primary and its workers say to each other over the IPC channel node:cluster sets up, and what
 * the primary puts in each worker's environment.
 */

/** Set in a worker's environment by its primary; holds {@link WorkerBrief} as JSON. */
export const CLUSTER_WORKER_ENV = 'SANDBOX_CLUSTER_WORKER';

/** What a worker needs besides the environment: the certificate files the primary made sure of. */
export interface WorkerBrief {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** Worker → primary. */
export type WorkerMessage =
  /** Every listener listens; `lines` are its `… listening on …` lines. */
  | { ofs: 'ready'; lines: string[] }
  /** The start failed; `reason` is the one line after `cannot start:`. The worker exits next. */
  | { ofs: 'failed'; reason: string };

/** Primary → worker: close gracefully and exit 0. */
export interface StopMessage {
  ofs: 'stop';
  signal: string;
}

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  const m = message as Partial<WorkerMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    ((m.ofs === 'ready' && Array.isArray(m.lines)) || (m.ofs === 'failed' && typeof m.reason === 'string'))
  );
}

export function isStopMessage(message: unknown): message is StopMessage {
  const m = message as Partial<StopMessage> | null;
  return typeof m === 'object' && m !== null && m.ofs === 'stop';
}

export function parseWorkerBrief(json: string): WorkerBrief {
  const brief = JSON.parse(json) as Partial<WorkerBrief>;
  if (typeof brief.certFile !== 'string' || typeof brief.keyFile !== 'string' || typeof brief.caFile !== 'string') {
    throw new Error(`${CLUSTER_WORKER_ENV} is not what a cluster primary sets`);
  }
  return brief as WorkerBrief;
}
