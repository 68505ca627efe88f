import { describeMigrations } from '../../../../../test/support/migrations-check';
import { financrooApp } from '../../configure-app';

describeMigrations(financrooApp as never);
