/** ISO 18245 merchant category codes the sandbox banks use, with the names a TPP shows for them. */
export const MERCHANT_CATEGORIES: Readonly<Record<string, string>> = {
  '4111': 'Transport',
  '4814': 'Phone and internet',
  '4900': 'Utilities',
  '5311': 'Shopping',
  '5411': 'Groceries',
  '5541': 'Fuel',
  '5812': 'Restaurants',
  '5814': 'Coffee and fast food',
  '5912': 'Pharmacy',
  '5999': 'Online shopping',
  '7832': 'Entertainment',
  '7997': 'Sport and fitness',
  '6513': 'Rent',
  '7538': 'Car services',
};

export function merchantCategoryName(code: string | undefined): string {
  return (code && MERCHANT_CATEGORIES[code]) || 'Other';
}
