export { detectEmail, EMAIL_SEARCH_MAX_DEPTH, type DetectedEmail } from './detect';
export { normalizeEmail, isEmail } from './validate';
