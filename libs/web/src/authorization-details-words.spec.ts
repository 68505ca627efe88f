import { detailsInWords } from './authorization-details-words';

// RFC 9396 §7: authorization details are shown to people in plain words, never as JSON.
describe('authorization details in words', () => {
  it('account information: each permission as a sentence, then the accounts', () => {
    expect(
      detailsInWords([
        { type: 'account_information', permissions: ['ReadAccountsBasic', 'ReadBalances'], accounts: ['96534987'] },
      ]),
    ).toEqual([
      {
        title: 'Access to your accounts',
        lines: ['See the names and types of your accounts', 'Read your balances', 'For account 96534987'],
      },
    ]);
  });

  it('a payment: amount, payee, account and reference', () => {
    const [payment] = detailsInWords([
      {
        type: 'payment_initiation',
        instructedAmount: { currency: 'EUR', amount: '12.50' },
        creditorName: 'Merchant',
        creditorAccount: { scheme: 'IBAN', identification: 'DE02100100109307118603' },
        remittanceInformation: 'Order 7',
      },
    ]);
    expect(payment!.lines).toEqual([
      'Pay EUR 12.50 to Merchant',
      'Into account DE02100100109307118603 (IBAN)',
      'Reference: Order 7',
    ]);
  });

  it('a type the operator added: each field as "Label: value", no braces', () => {
    const [detail] = detailsInWords([{ type: 'tax_data', yearsRequested: [2024, 2025], office: { code: 'B1' } }]);
    expect(detail).toEqual({ title: 'Tax data', lines: ['Years requested: 2024, 2025', 'Office code: B1'] });
  });
});
