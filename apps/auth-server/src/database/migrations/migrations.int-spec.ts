import { describeMigrations } from '../../../../../test/support/migrations-check';
import { authServerApp } from '../../configure-app';

describeMigrations(authServerApp as never);
