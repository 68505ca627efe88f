export * from './banking';
export { CDR_ERRORS, CdrError, type CdrErrorEntry, type CdrErrorKind, type CdrErrorList } from './cdr-error';
export { MERCHANT_CATEGORIES, merchantCategoryName } from './merchant-categories';
