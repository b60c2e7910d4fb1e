// How a saved card is named to people: "Visa", "Visa ••4242".

const BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  diners: 'Diners Club',
};

/** Brands are free text in the contract, so an unknown one is shown capitalised rather than refused. */
export function cardBrandName(brand: string): string {
  return BRAND_NAMES[brand.toLowerCase()] ?? brand.charAt(0).toUpperCase() + brand.slice(1);
}

/** "Visa ••4242": what people see on their card. */
export function describeCard(card: { brand: string; last4: string }): string {
  return `${cardBrandName(card.brand)} ••${card.last4}`;
}
