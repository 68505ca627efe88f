import { BankData1796400000000 } from '@ofs/bank';
import { BankResourceServerReplay1796500000000 } from '@ofs/bank-consent';
import { WebSessions1796300000000 } from '@ofs/web';

/** go-bank's committed migrations, in order. Generate new ones with `npm run migration:generate -- go-bank <Name>`. */
export const goBankMigrations = [
  WebSessions1796300000000,
  BankData1796400000000,
  BankResourceServerReplay1796500000000,
];
