import { WebSessions1796300000000 } from '@ofs/web';
import { ConsentsOutbox1796000000000 } from './1796000000000-consents-outbox';

/** consent-admin's committed migrations, in order. Generate new ones with `npm run migration:generate -- consent-admin <Name>`. */
export const consentAdminMigrations = [ConsentsOutbox1796000000000, WebSessions1796300000000];
