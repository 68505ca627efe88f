import { describeMigrations } from '../../../../../test/support/migrations-check';
import { goBankApp } from '../../configure-app';

describeMigrations(goBankApp as never);
