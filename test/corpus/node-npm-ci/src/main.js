const ms = require('ms');
console.log(`timeout ${ms(90_000)}`);
