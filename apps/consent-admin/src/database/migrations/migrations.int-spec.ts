import { describeMigrations } from '../../../../../test/support/migrations-check';
import { consentAdminApp } from '../../configure-app';

describeMigrations(consentAdminApp as never);
