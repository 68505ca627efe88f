import { describeBankE2e } from './bank-e2e-suite';

// Issue 10: Go Bank (consents in consent-admin's consent storage API), end to end over HTTPS.
describeBankE2e('gobank', 'Go Bank');
