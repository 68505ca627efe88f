/** Removes a sandbox data folder and the PostgreSQL cluster it links to outside a private home folder. */
export function removeDataDir(dataDir: string): void;
export const SHARED_CLUSTERS: string;
