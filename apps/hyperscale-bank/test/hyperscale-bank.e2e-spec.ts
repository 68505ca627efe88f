import { describeBankE2e } from '../../go-bank/test/bank-e2e-suite';

// Issue 10: Hyperscale Bank (consents in the identity pool hyperscalebank-consents), end to end over HTTPS.
describeBankE2e('hyperscalebank', 'Hyperscale Bank');
