const test = require('node:test');
const assert = require('node:assert');
const app = require('..');

test('exports an express app', () => {
  assert.strictEqual(typeof app.listen, 'function');
});
