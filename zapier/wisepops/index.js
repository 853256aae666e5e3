// Zapier loads the app from here: the bundle built from src/ (`npm run build`).
const bundle = require('./dist/index.js');

module.exports = bundle.default ?? bundle;
