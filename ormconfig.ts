/*
 * The TypeORM CLI's data source, one app at a time (each app owns its schema and its migrations):
 *   npm run migration:generate -- <app> <Name>     npm run migration:run -- <app>     npm run migration:revert -- <app>
 * It uses DATABASE_URL, else the embedded server of a running sandbox (`npm start`).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@ofs/platform';
import { EMBEDDED_POSTGRES_URL } from '@ofs/embedded-db';
import { SANDBOX_APPS } from './scripts/sandbox-apps';

const appName = process.env.SANDBOX_APP ?? '';
const app = SANDBOX_APPS.find((a) => a.name === appName);
if (!app) {
  throw new Error(`SANDBOX_APP must name an app: ${SANDBOX_APPS.map((a) => a.name).join(', ')} (got "${appName}")`);
}
const port = Number(process.env.SANDBOX_PG_PORT ?? 54329);

export default new DataSource(
  dataSourceOptions(
    process.env.DATABASE_URL ?? EMBEDDED_POSTGRES_URL(port),
    { ...app.database, schema: app.schema },
    'typeorm-cli',
  ),
);
