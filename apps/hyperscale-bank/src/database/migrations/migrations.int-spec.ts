import { describeMigrations } from '../../../../../test/support/migrations-check';
import { hyperscaleBankApp } from '../../configure-app';

describeMigrations(hyperscaleBankApp as never);
