import { WebSessions1796300000000 } from '@ofs/web';
import { RegistrationsConnections1796500000000 } from './1796500000000-registrations-connections';

/** financroo's committed migrations, in order. Generate new ones with `npm run migration:generate -- financroo <Name>`. */
export const financrooMigrations = [WebSessions1796300000000, RegistrationsConnections1796500000000];
